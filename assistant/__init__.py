"""casenotes: the web service, chat and command line around the extraction library."""
