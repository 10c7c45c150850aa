"""A newcomer's walk through the app, offscreen: the whole life of a model on the demo corpus.

Run it from the repository root::

    PYTHONPATH=$PWD QT_QPA_PLATFORM=offscreen python packaging/ux_walk.py zh_CN /tmp/walk_zh

LANG is ``en`` or ``zh_CN``; OUT receives the screenshots (``LANG_WIDTHxHEIGHT_STEP.png``) and
``notes_LANG.txt``. The walk creates a project, imports the bundled Moby-Dick chapters, cleans, trains a
tokenizer, labels a few chapters, trains a tiny language model, a classifier and a policy, evaluates,
sweeps and exports, in LANG, answering dialogs itself; at the end every panel and tab is shot in both
languages at 1024x640 and 1440x900. The notes list what a reviewer would flag (``tests/gui/ui_audit.py``):
English left in a translated window, clipped labels and drop-downs, and any step that failed. Open the
PNGs to look at the app as a user; it takes a few minutes on a laptop CPU.
"""

from __future__ import annotations

import os
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox, QTabWidget, QWidget  # noqa: E402

app = QApplication([])
from llmstudio.gui.gc_guard import install_gc_guard  # noqa: E402

install_gc_guard(app)
from llmstudio.gui.i18n import install_language  # noqa: E402
from llmstudio.gui.main_window import MainWindow  # noqa: E402
from tests.gui.ui_audit import clipped, untranslated  # noqa: E402

LANG = sys.argv[1]
OUT = Path(sys.argv[2])
OUT.mkdir(parents=True, exist_ok=True)
WORK = OUT / "work"
WORK.mkdir(exist_ok=True)
SIZES = [(1024, 640), (1440, 900)]
NOTES: list[str] = []
DIALOGS: list[tuple[str, str]] = []


def note(text: str) -> None:
    NOTES.append(text)
    print("NOTE", text, flush=True)


def pump(n: int = 5) -> None:
    for _ in range(n):
        app.processEvents()


def wait(cond, timeout: float = 300, what: str = "") -> bool:
    start = time.time()
    while time.time() - start < timeout:
        app.processEvents()
        if cond():
            return True
        time.sleep(0.02)
    note(f"TIMEOUT waiting for {what}")
    return False


def record(kind: str):
    def show(parent, title, text, *args, **kwargs):
        DIALOGS.append((title, text))
        print(f"DIALOG[{kind}] {title}: {text}", flush=True)
        return QMessageBox.StandardButton.Yes
    return show


for kind in ("warning", "critical", "information", "question"):
    setattr(QMessageBox, kind, staticmethod(record(kind)))

HANDLERS: dict[str, Callable[[Any], int]] = {}


def fake_exec(self: QDialog) -> int:
    name = type(self).__name__
    handler = HANDLERS.get(name)
    self.show()
    pump()
    shoot_widget(self, f"dialog_{name}")
    if handler is None:
        note(f"dialog {name} opened with no handler: rejected")
        self.reject()
        return 0
    return int(handler(self))


QDialog.exec = fake_exec  # type: ignore[method-assign]

settings = QSettings(str(WORK / f"settings_{LANG}.ini"), QSettings.Format.IniFormat)
window = MainWindow(settings)
window.set_language(LANG)
window.resize(1024, 640)
window.show()
pump()


def show(key: str) -> Any:
    """Show a panel and return it (looked up each time: switching the language rebuilds the panels)."""
    window.show_panel(key)
    return window.panels[key]


def audit(widget: QWidget, name: str, lang: str = LANG) -> None:
    for p in clipped(widget):
        note(f"[{name}] clipped: {p}")
    if lang != "en":
        for p in untranslated(widget):
            note(f"[{name}] English: {p}")


def shoot(name: str, sizes=SIZES, lang: str = LANG) -> None:
    for w, h in sizes:
        window.resize(w, h)
        pump(8)
        window.grab().save(str(OUT / f"{lang}_{w}x{h}_{name}.png"))
    audit(window, name, lang)
    window.resize(1024, 640)
    pump()


def shoot_widget(widget: QWidget, name: str) -> None:
    widget.grab().save(str(OUT / f"{LANG}_{name}.png"))
    audit(widget, name)


def jobs_idle() -> bool:
    return not window.jobs.active_jobs()


def step(title: str):
    def deco(fn):
        def run():
            print(f"=== {title}", flush=True)
            try:
                fn()
            except Exception:
                note(f"STEP {title} raised:\n{traceback.format_exc()}")
        return run
    return deco


PROJECT = WORK / f"project_{LANG}"


@step("new project")
def new_project():
    QFileDialog.getExistingDirectory = staticmethod(lambda *a, **k: str(PROJECT))  # type: ignore[method-assign]
    PROJECT.mkdir(exist_ok=True)
    window.new_project()
    pump()
    assert window.project is not None, "no project"
    for key in window.panels:
        window.show_panel(key)
        pump()
        shoot(f"01_empty_{key}", sizes=[(1024, 640)])


@step("import")
def do_import():
    panel = show("sources")
    files = sorted((Path.cwd() / "resources/demo/moby-dick").glob("*.txt"))
    dialog = panel.import_paths(files)
    dialog.resize(1000, 620)
    pump()
    wait(lambda: not getattr(dialog, "_preview_job", None) and dialog.import_button.isEnabled(), 60, "preview")
    pump(20)
    shoot_widget(dialog, "02_import_dialog_preview")
    QTest.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    wait(lambda: not dialog.importing, 300, "import")
    pump(10)
    shoot_widget(dialog, "02_import_dialog_done")
    dialog.close_button.click()
    pump()
    wait(jobs_idle, 120, "index")
    shoot("03_sources")


@step("clean")
def clean():
    panel = show("clean")
    shoot("04_clean_before")
    QTest.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    wait(jobs_idle, 300, "clean")
    pump(10)
    shoot("05_clean_after")


@step("tokenizer")
def tokenizer():
    panel = show("tokenizer")
    shoot("06_tokenizer_before")
    panel.vocab_size.setValue(500)
    QTest.mouseClick(panel.train_button, Qt.MouseButton.LeftButton)
    wait(jobs_idle, 300, "tokenizer")
    pump(10)
    shoot("07_tokenizer_after")


def schema_dialog(dialog) -> int:
    dialog.name.setText("topic")
    dialog.labels.setPlainText("sea = 1\nland = 2")
    dialog.guidelines.setPlainText("sea: the chapter happens on a ship or the ocean; land: ashore")
    pump()
    shoot_widget(dialog, "08_new_schema_filled")
    dialog.accept()
    return int(dialog.result())


HANDLERS["NewSchemaDialog"] = schema_dialog


@step("label")
def label():
    panel = show("label")
    shoot("08_label_before")
    panel.new_schema.click()
    pump()
    panel.annotator.setText("newcomer")
    panel.schema_box.setCurrentIndex(panel.schema_box.findData("topic"))
    QTest.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    pump()
    view = panel.labeling
    for n in range(16):
        QTest.keyClicks(view.text_view, "1" if n % 3 else "2")
        pump()
    shoot("09_labeling")
    panel.ratios.setText("0.6,0.2,0.2")
    panel.split()
    wait(jobs_idle, 60, "split")
    pump(5)
    shoot("10_label_split")
    for i in range(panel.tabs.count()):
        panel.tabs.setCurrentIndex(i)
        pump()
        shoot(f"10_label_tab{i}", sizes=[(1024, 640)])


@step("model")
def model():
    panel = show("model")
    shoot("11_model_default")
    f = panel.model_form
    for name, value in (("n_layer", 1), ("n_head", 2), ("d_model", 32), ("context_length", 64)):
        f.editor(name).setValue(value)
    t = panel.train_form
    for name, value in (("max_steps", 30), ("eval_interval", 10), ("batch_size", 8), ("threads", 2),
                        ("checkpoint_interval", 10)):
        t.editor(name).setValue(value)
    pump(5)
    shoot("12_model_tiny")


@step("train")
def train():
    panel = show("train")
    pump(10)
    wait(lambda: panel.device.count() > 1, 60, "devices")
    shoot("13_train_before")
    QTest.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    wait(lambda: panel.job is None, 600, "training")
    pump(20)
    shoot("14_train_after")
    panel.plot_tabs.setCurrentIndex(1)
    pump(10)
    shoot("15_train_compare")
    panel.plot_tabs.setCurrentIndex(0)


@step("classifier")
def classifier():
    panel: Any = window.panels["train"]
    tabs: Any = panel.findChild(QTabWidget, "trainKinds")
    tabs.setCurrentWidget(panel.classifier)
    tab = panel.classifier
    pump()
    shoot("16_classifier_before")
    tab.schema.setCurrentIndex(tab.schema.findData("topic"))
    tab.extra.setText("model.n_layer=1 model.n_head=2 model.d_model=32 train.threads=2 train.batch_size=4 "
                      "train.eval_interval=2 classify.max_length=32")
    tab.epochs.setValue(2)
    pump()
    if not tab.start_button.isEnabled():
        note(f"classifier start disabled: {tab.start_button.toolTip()}")
    QTest.mouseClick(tab.start_button, Qt.MouseButton.LeftButton)
    wait(lambda: tab.job is None, 600, "classifier")
    pump(20)
    shoot("17_classifier_after")


@step("reinforcement")
def reinforcement():
    panel: Any = window.panels["train"]
    tabs: Any = panel.findChild(QTabWidget, "trainKinds")
    tabs.setCurrentWidget(panel.rl)
    tab = panel.rl
    pump()
    for side in range(tab.sides.count()):
        tab.sides.setCurrentIndex(side)
        pump()
        shoot(f"18_rl_before_side{side}")
    tab.sides.setCurrentIndex(0)
    rule = WORK / "whale.toml"
    rule.write_text("[keywords]\nwhale = 1.0\nsea = 0.5\n", encoding="utf-8")
    setup = tab.setup
    setup.reward.kind.setCurrentIndex(setup.reward.kind.findData("rule"))
    setup.reward.set_rule(rule)
    s = setup.settings
    for name, value in (("max_steps", 4), ("group_size", 2), ("prompts_per_step", 2), ("eval_prompts", 4),
                        ("eval_every", 2), ("sample_every", 2), ("max_new_tokens", 8), ("checkpoint_every", 2),
                        ("threads", 2)):
        s.editor(name).setValue(value)
    pump()
    if not tab.start_button.isEnabled():
        note(f"RL start disabled: {tab.reason.text()}")
    QTest.mouseClick(tab.start_button, Qt.MouseButton.LeftButton)
    wait(lambda: tab.job is None, 600, "policy run")
    pump(20)
    for view in range(tab.views.count()):
        tab.views.setCurrentIndex(view)
        pump(5)
        shoot(f"19_rl_after_view{view}")
    tab.views.setCurrentIndex(0)
    tabs.setCurrentIndex(0)


@step("evaluate")
def evaluate():
    panel = show("evaluate")
    pump(10)
    wait(jobs_idle, 120, "evaluate loads")
    shoot("20_evaluate_before")
    panel.prompt.setPlainText("The whale")
    panel.max_tokens.setValue(20)
    QTest.mouseClick(panel.generate_button, Qt.MouseButton.LeftButton)
    wait(lambda: panel.output.toPlainText() != "" and jobs_idle(), 120, "generate")
    pump(10)
    shoot("21_evaluate_generated")
    for i in range(panel.tabs.count()):
        panel.tabs.setCurrentIndex(i)
        pump(5)
        wait(jobs_idle, 120, "evaluate tab")
        shoot(f"22_evaluate_tab{i}", sizes=[(1024, 640)])
    for i in range(panel.kinds.count()):
        panel.kinds.setCurrentIndex(i)
        pump(5)
        wait(jobs_idle, 120, "evaluate kind")
        shoot(f"23_evaluate_kind{i}", sizes=[(1024, 640)])
    panel.kinds.setCurrentIndex(0)


@step("experiments")
def experiments():
    panel = show("experiments")
    pump(5)
    shoot("24_experiments")
    for i in range(panel.tabs.count()):
        panel.tabs.setCurrentIndex(i)
        pump(5)
        shoot(f"25_experiments_tab{i}", sizes=[(1024, 640)])


def export_dialog(dialog) -> int:
    fmt = dialog.format.findData("gguf")
    dialog.format.setCurrentIndex(fmt)
    dialog.out.setText(str(WORK / "model.gguf"))
    pump()
    shoot_widget(dialog, "26_export_filled")
    if not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled():
        note(f"export OK disabled: {dialog.details.text()}")
        dialog.reject()
        return 0
    dialog.accept()
    return int(dialog.result())


HANDLERS["ExportDialog"] = export_dialog
HANDLERS["ImportModelDialog"] = lambda dialog: int(dialog.reject() or 0)  # shot, then closed


@step("export")
def export():
    panel = show("model")
    pump()
    panel.import_button.click()
    panel.export_button.click()
    wait(jobs_idle, 300, "export")
    pump(5)
    shoot("27_model_after_export")
    if not (WORK / "model.gguf").is_file():
        note("export wrote no model.gguf")


@step("check project")
def check():
    window.check_project()
    wait(jobs_idle, 120, "check")
    pump(10)
    for w in app.topLevelWidgets():
        if isinstance(w, QDialog) and w.isVisible():
            shoot_widget(w, f"28_{type(w).__name__}")
            w.close()


@step("all panels both languages")
def all_panels():
    for lang in ("en", "zh_CN"):
        window.set_language(lang)
        pump(10)
        for key in window.panels:
            window.show_panel(key)
            pump(5)
            shoot(f"90_final_{key}", lang=lang)
            panel = window.panels[key]
            for tabs in panel.findChildren(QTabWidget):
                if not tabs.isVisible():
                    continue
                for i in range(tabs.count()):
                    tabs.setCurrentIndex(i)
                    pump(5)
                    shoot(f"91_final_{key}_{tabs.objectName() or 'tabs'}{i}", sizes=[(1024, 640)], lang=lang)
                tabs.setCurrentIndex(0)
    window.set_language(LANG)


shoot("00_welcome")
for fn in (new_project, do_import, clean, tokenizer, label, model, train, classifier, reinforcement,
           evaluate, experiments, export, check, all_panels):
    fn()
    if window.project is None:
        break
window.jobs.cancel_all()
window.jobs.wait_all()
install_language("en")
(OUT / f"notes_{LANG}.txt").write_text("\n".join(NOTES) + "\n\nDIALOGS\n" + "\n".join(f"{t}: {x}" for t, x in DIALOGS),
                                       encoding="utf-8")
print("DONE", len(NOTES), "notes")
