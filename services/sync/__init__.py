"""Sync between Parley devices: hybrid logical clock, per-field last-writer-wins, outbox.

Pure cores: ``hlc`` (stamps), ``state`` (merge), ``auth`` (who may write). ``engine`` ties them
to the store; the MQTT bridge carries the messages.
"""
