"""llmstudio: build a small language model from your own text, on your own machine.

``__version__`` is the one place the version is written: ``pyproject.toml`` reads it
(``[tool.setuptools.dynamic]``), and so do ``--version``, the About box, the PyInstaller
spec and the installer names, so a frozen app without package metadata still knows it.
"""

__version__ = "0.1.0"
