"""Make the README screenshots: the Train panel in the light and dark themes, and the Chinese UI.

    QT_QPA_PLATFORM=offscreen python packaging/screenshots.py [OUT_DIR]

Builds the demo project in a temporary folder (eight chapters, a tokenizer, a short run),
opens the window at 1024x640 and saves ui_light.png, ui_dark.png and ui_zh_CN.png
(default OUT_DIR: docs/images). Needs a CJK font for the Chinese one (on Linux, for
example, fonts-noto-cjk or fonts-wqy-microhei).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(REPO))
    out = Path(argv[0]) if argv else REPO / "docs" / "images"
    out.mkdir(parents=True, exist_ok=True)
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from llmstudio.core.cleaning import preset, run_recipe
    from llmstudio.core.project import Project
    from llmstudio.core.sources.importer import import_paths
    from llmstudio.core.tokenizer import TokenizerSettings, train_tokenizer
    from llmstudio.core.training.config import RunConfig
    from llmstudio.core.training.trainer import create_run, train_run
    from llmstudio.gui.app import create_app
    from llmstudio.gui.main_window import MainWindow
    from llmstudio.gui.theme import apply_theme
    from llmstudio.resources import resource_path

    folder = Path(tempfile.mkdtemp(prefix="llmstudio-shots-"))
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("ui/language", "en")
    app = create_app(["llmstudio"], settings=settings)
    project = Project.create(folder / "moby-dick")
    import_paths(project, sorted(resource_path("demo", "moby-dick").glob("*.txt"))[:12])
    run_recipe(project, preset("Minimal"))
    train_tokenizer(project, TokenizerSettings(vocab_size=500))
    config = RunConfig().with_overrides([
        "model.n_layer=2", "model.n_head=2", "model.d_model=64", "model.context_length=64", "train.batch_size=8",
        "train.max_steps=150", "train.warmup_steps=10", "train.eval_interval=15", "train.eval_batches=2",
        "train.log_interval=5", "train.lr=0.005", "train.min_lr=0.0005", "train.threads=2"])
    project.set_setting("run_config", config.to_dict())
    train_run(project, create_run(project, config, name="first run"), device="cpu")
    project.close()

    window = MainWindow(settings)
    window.resize(1024, 640)
    window.show()
    window.open_project(folder / "moby-dick")
    window.show_panel("train")

    def shot(name: str) -> None:
        for _ in range(5):
            app.processEvents()
        train = window.panels["train"]
        train.runs.selectRow(0)
        train.plot.flush()
        app.processEvents()
        window.grab().save(str(out / name))
        print(out / name)

    apply_theme(app, dark=False)
    shot("ui_light.png")
    apply_theme(app, dark=True)
    shot("ui_dark.png")
    apply_theme(app, dark=False)
    window.set_language("zh_CN")
    window.show_panel("model")
    shot("ui_zh_CN.png")
    window.jobs.cancel_all()
    window.jobs.wait_all()
    QApplication.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
