// casenotes: progressive enhancement only. Every form works without this file.
import { initAll } from '/assets/govuk-frontend.min.js'

// The GOV.UK template's inline script sets these classes too (the CSP allows it by its hash,
// assistant/csp.py); setting them here keeps components working if that ever fails.
document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initAll()

const DRAFT_PREFIX = 'casenotes-draft:'

// Unsent text belongs to the account that typed it: its key names the account, text kept for
// any other account is dropped as soon as this one opens a page, and signing out drops all.
// The sign-in page keeps it, so an officer whose session ran out gets their text back.
function forgetDrafts (keep) {
  for (const store of [sessionStorage, localStorage]) {
    for (const key of Object.keys(store)) {
      if (key.startsWith(DRAFT_PREFIX) && !(keep && key.startsWith(keep))) {
        store.removeItem(key)
      }
    }
  }
}

const account = document.body.dataset.account
if (account) { forgetDrafts(DRAFT_PREFIX + account + ':') }
document.querySelectorAll('form.app-sign-out').forEach(form => {
  form.addEventListener('submit', () => forgetDrafts(null))
})

function enhanceChat (form) {
  const transcript = document.getElementById('transcript')
  const textarea = form.querySelector('textarea[name="text"]')
  const button = form.querySelector('button[type="submit"]')
  const draftKey = DRAFT_PREFIX + account + ':' + location.pathname

  // Keep what is being typed in this browser too, so a refresh or lost connection loses
  // nothing even before it is sent (the server stores it the moment it is sent).
  if (textarea && !textarea.value && sessionStorage.getItem(draftKey)) {
    textarea.value = sessionStorage.getItem(draftKey)
  }
  textarea?.addEventListener('input', () => sessionStorage.setItem(draftKey, textarea.value))
  // Ctrl+Enter (or Cmd+Enter) sends, as in other chat tools; Enter alone is a new line.
  textarea?.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault()
      form.requestSubmit()
    }
  })

  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    if (!textarea.value.trim()) { form.submit(); return } // the server shows the error
    button.disabled = true
    button.textContent = 'Sending…'
    const sent = textarea.value
    try {
      const response = await fetch(form.action, {
        method: 'POST',
        body: new URLSearchParams(new FormData(form)),
        headers: { 'X-Requested-With': 'casenotes', Accept: 'application/json' },
        credentials: 'same-origin'
      })
      const body = await response.json().catch(() => ({}))
      if (!response.ok) {
        // The server said why (a full disk, an empty note): show it and keep the text,
        // which stays in the box and in this browser's draft until it is sent.
        if (body.error) { showError(textarea, body.error); return }
        throw new Error('Sending failed')
      }
      // No turns to show (a signed-out session was redirected to the sign-in page): post the
      // form instead, which keeps the draft here for after sign-in.
      if (typeof body.html !== 'string') { throw new Error('No turns in the answer') }
      clearError(textarea)
      transcript.insertAdjacentHTML('beforeend', body.html)
      if ('person' in body) { showWorkingOn(body.person) }
      // Clear only what was sent: text typed while it was on its way is the next message.
      if (textarea.value === sent) {
        sessionStorage.removeItem(draftKey)
        textarea.value = ''
      }
      // A new key for the next turn; the old one made this send safe to retry.
      form.querySelector('input[name="turn_key"]').value = crypto.randomUUID()
      // Move to the answer, unless the officer is typing the next message (the transcript
      // is a live region, so the answer is read out either way).
      if (document.activeElement !== textarea || !textarea.value) {
        const last = transcript.lastElementChild
        last?.setAttribute('tabindex', '-1')
        last?.focus()
      }
    } catch (error) {
      // Fall back to a normal post: the server keeps the note and shows any problem.
      form.submit()
      return
    } finally {
      button.disabled = false
      button.textContent = 'Send'
    }
  })
}

// After a send the conversation may be about someone else (the note named them, or the entry
// was moved): the "Working on" line and the person select follow, as a reload would show.
function showWorkingOn (person) {
  const line = document.getElementById('working-on')
  const link = document.getElementById('working-on-link')
  const select = document.getElementById('crn')
  if (line && link) {
    line.hidden = !person
    link.textContent = person ? `${person.name} (${person.crn})` : ''
    link.href = person ? '/cases/' + encodeURIComponent(person.crn) : '#'
  }
  if (select) {
    const known = person && [...select.options].some(option => option.value === person.crn)
    select.value = known ? person.crn : ''
  }
}

// The GOV.UK error message pattern on a field, as the server renders it without JS.
function showError (field, message) {
  const group = field.closest('.govuk-form-group')
  let error = document.getElementById(field.id + '-error')
  if (!error) {
    error = document.createElement('p')
    error.id = field.id + '-error'
    error.className = 'govuk-error-message'
    field.before(error)
  }
  error.textContent = ''
  const hidden = document.createElement('span')
  hidden.className = 'govuk-visually-hidden'
  hidden.textContent = 'Error: '
  error.append(hidden, message)
  group?.classList.add('govuk-form-group--error')
  field.classList.add('govuk-textarea--error')
  const described = (field.getAttribute('aria-describedby') || '').split(' ').filter(Boolean)
  if (!described.includes(error.id)) { described.push(error.id) }
  field.setAttribute('aria-describedby', described.join(' '))
  field.focus()
}

function clearError (field) {
  document.getElementById(field.id + '-error')?.remove()
  field.closest('.govuk-form-group')?.classList.remove('govuk-form-group--error')
  field.classList.remove('govuk-textarea--error')
  const described = (field.getAttribute('aria-describedby') || '').split(' ')
  field.setAttribute('aria-describedby', described.filter(id => id && id !== field.id + '-error').join(' '))
}

// Autosave a field edit to the server as the officer types (the same POST the form makes),
// so a long correction survives a closed tab.
function enhanceAutosave (form) {
  const field = form.querySelector('textarea[name="value"]')
  const status = document.createElement('p')
  status.className = 'govuk-body-s'
  status.setAttribute('aria-live', 'polite')
  field?.after(status)
  let timer
  field?.addEventListener('input', () => {
    clearTimeout(timer)
    timer = setTimeout(async () => {
      const response = await fetch(form.action || location.pathname, {
        method: 'POST',
        body: new URLSearchParams(new FormData(form)),
        headers: { 'X-Requested-With': 'casenotes', Accept: 'application/json' },
        credentials: 'same-origin'
      })
      const body = await response.json().catch(() => ({}))
      // An answer without a version (a signed-out session sent to sign-in) saved nothing.
      if (response.ok && Number.isInteger(body.version)) {
        form.querySelector('input[name="version"]').value = body.version
        status.textContent = 'Saved'
      } else {
        // A conflict keeps the page's older version, so Save shows the other change first.
        status.textContent = (body.error ? body.error + ' ' : '') + 'Not saved yet: press Save'
      }
    }, 1500)
  })
}

const chatForm = document.getElementById('chat-form')
if (chatForm && account) { enhanceChat(chatForm) }
document.querySelectorAll('form[data-autosave]').forEach(enhanceAutosave)
