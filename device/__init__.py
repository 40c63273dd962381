"""Parley's hardware edge: microphone and speaker (pyaudio), LEDs and buttons (gpiozero).

- audio.py     mic and speaker, WAV files standing in for them; 80 ms frames (FRAME_MS)
- leds.py      the status LEDs: plain, RGB or an APA102 ring (apa102.py); patterns.py the table
- buttons.py   the talk button and mute switch: gestures from raw edges, time passed in
- settings.py  the ``[leds]`` and ``[button]`` config sections

Nothing here imports from ``services/`` but ``services.errors`` (checked by import-linter).
"""
