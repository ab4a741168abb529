"""Test-wide settings: hypothesis profiles sized for a 2-core CI machine; mygrad at its defaults."""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
)
settings.register_profile("dev", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

# The suite checks mygrad's defaults, memory guarding included, whatever the
# environment says (MYGRAD_MEM_GUARD=0 in a user's shell would otherwise fail the
# tests that expect locked arrays); tests of the switch itself set it explicitly.
import mygrad  # noqa: E402

mygrad.turn_memory_guarding_on()
