// casenotes dictation: record on the chat page, send audio while the officer speaks, and put
// the transcript in the message box to check and send as usual. Audio is never stored.
const API = '/api/v1/dictations'
const SLICE_MS = 1000 // a chunk a second, so at stop only the last second is still to send

function setup () {
  const region = document.getElementById('dictation')
  const form = document.getElementById('chat-form')
  if (!region || !form) return
  const button = document.getElementById('dictate')
  const textarea = form.querySelector('textarea[name="text"]')
  const recordingLine = document.getElementById('dictation-recording')
  const timer = document.getElementById('dictation-timer')
  const status = document.getElementById('dictation-status')
  const error = document.getElementById('dictation-error')
  const check = document.getElementById('dictation-check')
  const marked = document.getElementById('dictation-marked')
  const csrf = form.querySelector('input[name="csrf_token"]').value
  const headers = { 'X-CSRF-Token': csrf, Accept: 'application/json' }
  region.hidden = false

  let session = null // { id, recorder, stream, sending, started, tick }

  function showError (message) {
    error.hidden = false
    error.textContent = ''
    const hidden = document.createElement('span')
    hidden.className = 'govuk-visually-hidden'
    hidden.textContent = 'Error: '
    error.append(hidden, message)
    status.textContent = ''
  }

  function clearError () { error.hidden = true; error.textContent = '' }

  if (!navigator.mediaDevices?.getUserMedia || typeof window.MediaRecorder !== 'function') {
    button.disabled = true
    button.setAttribute('aria-disabled', 'true')
    showError('This browser cannot record. Type the note, or use a browser with a microphone.')
    return
  }

  async function api (path, body) {
    const response = await fetch(path, { method: 'POST', body, headers, credentials: 'same-origin' })
    const answer = await response.json().catch(() => ({}))
    if (!response.ok) throw new Error(answer.error || 'Dictation failed. Type the note, or try again.')
    return answer
  }

  async function start () {
    clearError()
    let stream
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true })
    } catch (failure) {
      showError(failure.name === 'NotAllowedError'
        ? 'casenotes may not use the microphone. Allow it in the browser, or type the note.'
        : 'No microphone was found. Connect one and try again, or type the note.')
      return
    }
    const type = MediaRecorder.isTypeSupported('audio/webm;codecs=opus') ? 'audio/webm;codecs=opus' : ''
    const recorder = new MediaRecorder(stream, type ? { mimeType: type } : {})
    session = { id: null, recorder, stream, started: Date.now(), failed: null }
    const s = session
    // Record at once; chunks wait for the dictation to be opened on the server.
    s.sending = api(API).then((answer) => { s.id = answer.id }).catch((failure) => {
      s.failed = failure
      stop()
    })
    recorder.addEventListener('dataavailable', (event) => {
      if (!event.data.size) return
      // In order, one at a time: the server appends chunks as they come.
      s.sending = s.sending.then(() => {
        if (!s.failed) return api(`${API}/${s.id}/audio`, event.data)
      }).catch((failure) => { s.failed = failure })
    })
    recorder.addEventListener('stop', finish, { once: true })
    recorder.start(SLICE_MS)
    button.textContent = 'Stop dictating'
    recordingLine.hidden = false
    status.textContent = 'Recording. Press Escape or Stop dictating to finish.'
    s.tick = setInterval(() => {
      const seconds = Math.floor((Date.now() - s.started) / 1000)
      timer.textContent = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`
    }, 250)
  }

  function stop () {
    if (!session || session.recorder.state === 'inactive') return
    clearInterval(session.tick)
    session.recorder.stop() // the last chunk arrives, then 'stop' runs finish()
    session.stream.getTracks().forEach(t => t.stop())
    recordingLine.hidden = true
    button.disabled = true
    button.textContent = 'Transcribing…'
    status.textContent = 'Transcribing what you said…'
  }

  async function finish () {
    const s = session
    try {
      await s.sending
      if (s.failed) throw s.failed
      show(await api(`${API}/${s.id}/finish`))
    } catch (failure) {
      if (s.id) fetch(`${API}/${s.id}`, { method: 'DELETE', headers, credentials: 'same-origin' }).catch(() => {})
      showError(failure.message)
    } finally {
      session = null
      button.disabled = false
      button.textContent = 'Dictate'
      timer.textContent = '0:00'
    }
  }

  function show (transcript) {
    if (!transcript.text) {
      status.textContent = ''
      showError('No speech was heard. Check the microphone and try again.')
      return
    }
    const before = textarea.value.trimEnd()
    textarea.value = before ? `${before} ${transcript.text}` : transcript.text
    textarea.dispatchEvent(new Event('input', { bubbles: true })) // the draft keeps it too
    marked.textContent = ''
    let unsure = 0
    for (const segment of transcript.segments) {
      for (const word of segment.words) {
        if (marked.childNodes.length) marked.append(' ')
        if (word.unsure) {
          const mark = document.createElement('mark')
          mark.textContent = word.text
          marked.append(mark)
          // A suggestion is shown, never applied: the officer decides what was said.
          if (word.suggestion) marked.append(` (or ${word.suggestion}?)`)
          unsure += 1
        } else {
          marked.append(word.text)
        }
      }
    }
    check.hidden = unsure === 0
    status.textContent = unsure
      ? `Dictation added to the message box. Check ${unsure} unclear ${unsure === 1 ? 'word' : 'words'} before you send.`
      : 'Dictation added to the message box. Read it through before you send.'
    textarea.focus()
  }

  button.addEventListener('click', () => (session ? stop() : start()))
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && session) { event.preventDefault(); stop() }
  })
}

setup()
