"""MQTT: control commands in, events and state out, Home Assistant discovery (see topics.py).

``MqttBridge`` (bridge.py) is the component the daemon starts and stops.
"""

from services.mqtt.bridge import MqttBridge

__all__ = ["MqttBridge"]
