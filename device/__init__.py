"""Parley's hardware edge: microphone and speaker (pyaudio), LEDs and buttons (gpiozero)."""
