"""The voice pipeline: mic frames in, transcripts out, replies spoken.

- pipeline.py  the orchestrator: pre-roll, trigger, endpointing, partials, final transcript,
               the handler, the spoken reply, the follow-up window; the only place that
               knows the stages' order
- wake.py      wake word (openWakeWord) and its refractory window
- vad.py       voice activity (Silero) and the pure endpointer
- stt.py       speech to text: faster-whisper finals, Vosk or Whisper partials
- tts.py       text to speech (Piper) and the interruptible speaker
"""
