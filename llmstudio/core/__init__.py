"""The Qt-free core of llmstudio: everything the GUI, the CLI and torchrun share."""
