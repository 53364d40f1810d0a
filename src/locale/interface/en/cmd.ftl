### The command line's own messages: progress, summaries, questions.
