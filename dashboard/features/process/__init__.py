"""The COP as a process: its steps per territory, its meetings and parties, and what each territory still needs."""
