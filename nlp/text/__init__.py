"""Text clean-up and word matching: dictation clean-up, the NORM component, number words,
cue phrases and the vocabularies compiled from nlp/resources/."""
