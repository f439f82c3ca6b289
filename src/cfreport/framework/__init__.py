"""The Cooperation Framework: models and the shipped framework data."""

from cfreport.framework.loader import DEFAULT_FRAMEWORK, FrameworkError, load_framework
from cfreport.framework.models import Framework, Indicator, Vocabulary

__all__ = [
    "DEFAULT_FRAMEWORK",
    "Framework",
    "FrameworkError",
    "Indicator",
    "Vocabulary",
    "load_framework",
]
