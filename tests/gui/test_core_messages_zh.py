"""Core messages assembled from parts read whole in the Chinese window.

A run's end joins independent wordings with '; ' ("trained 30 steps", an out-of-memory note, the
classifier's test figures), and the project check's findings are "area: subject: problem; fix". The
GUI translates each part through its tables of the core's templates (``core_progress``,
``core_messages``, ``check_report.FINDINGS``); these tests produce the messages from the core itself
(real runs on real projects, a real check of a damaged project) and look for English words left over.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import torch

from llmstudio.core.project import Project
from llmstudio.core.training.config import RunConfig
from llmstudio.core.training.trainer import create_run, train_run
from llmstudio.gui.check_report import FINDINGS
from llmstudio.gui.core_progress import translate_progress
from llmstudio.gui.i18n import install_language, sentence
from llmstudio.gui.main_window import MainWindow
from tests.core.classify_helpers import TINY, labelled_project
from tests.gui.test_plurals_and_progress import _core_strings

# Names that stay as they are in any language: tools, methods and the CLI's placeholders.
KEPT = {"KL", "TF-IDF", "Bradley-Terry", "SQLite", "sentencepiece", "llmstudio", "DIR", "ID", "CUDA", "nan", "inf"}


def english_words(text: str) -> list[str]:
    """Words of English left in ``text``, leaving out setting keys, file names, paths and quoted commands."""
    text = re.sub(r"'llmstudio [^']*'", " ", text)
    text = re.sub(r"\S*[./=_]\S*", " ", text)  # train.batch_size=8, tokenizer.model, runs/1/step-4
    return [w for w in re.findall(r"[A-Za-z][A-Za-z-]+", text) if w not in KEPT]


def out_of_memory_once(seen: list[int]):
    def hook(step: int, micro: int) -> None:
        seen.append(micro)
        if len(seen) == 1:
            raise torch.OutOfMemoryError("CUDA out of memory (simulated)")
    return hook


def test_every_finding_template_is_a_wording_the_core_still_writes() -> None:
    strings = _core_strings()
    stale = [t for t in FINDINGS if re.sub(r"\{\w+\}", "{}", t) not in strings]
    assert not stale, f"the core no longer writes these findings; update llmstudio/gui/check_report.py: {stale}"


def test_a_classifier_runs_end_reads_whole_in_chinese(qtbot, tmp_path: Path) -> None:
    from llmstudio.core.classify.config import ClassifierRunConfig
    from llmstudio.core.classify.runs import create_classifier_run
    from llmstudio.core.classify.trainer import train_classifier

    with labelled_project(tmp_path / "p", n=60) as project:
        run_id = create_classifier_run(project, ClassifierRunConfig.default().with_overrides(
            [*TINY, "classify.epochs=1", "classify.predict_all=false", "classify.baseline=true"]))
        result = train_classifier(project, run_id, device="cpu", micro_hook=out_of_memory_once([]))
    message = result.message
    assert result.status == "completed" and "; out of memory at step" in message and "(baseline macro-F1" in message
    try:
        install_language("zh_CN")
        status_bar, table = translate_progress(message), sentence(message)
    finally:
        install_language("en")
    for shown in (status_bar, table):
        assert not english_words(shown), (message, shown)
        assert "已训练" in shown and "内存不足" in shown and "基线宏平均 F1" in shown, shown


def test_a_runs_end_and_the_checks_findings_read_whole_in_chinese(qtbot, window: MainWindow,
                                                                 tokenized_project: Project, tiny_overrides: list[str],
                                                                 dialogs) -> None:
    project = tokenized_project
    config = RunConfig().with_overrides([*tiny_overrides, "train.max_steps=4", "train.checkpoint_interval=2"])
    run_id = create_run(project, config)
    result = train_run(project, run_id, device="cpu", micro_hook=out_of_memory_once([]))
    assert result.status == "completed" and "; out of memory at step 1" in result.message, result.message

    # Damage what the check reads: a document's text, the tokenizer's model and token file, a checkpoint.
    tok = project.tokenizer()
    (project.root / tok.model_path).write_bytes(b"damaged")
    train_tokens = project.root / tok.train_path
    train_tokens.write_bytes(train_tokens.read_bytes()[:-1])
    run_folder = project.root / "runs" / str(run_id)
    step = sorted(run_folder.glob("step-*"))[0]
    (step / "model.safetensors").write_bytes(b"\x08")
    (step / "meta.json").unlink()
    (run_folder / "latest.json").write_text("{", encoding="utf-8")
    root = project.root
    project.close()
    conn = sqlite3.connect(root / "project.sqlite")
    with conn:
        conn.execute("UPDATE documents SET text = 'changed behind the app' WHERE id = 2")
    conn.close()

    assert window.open_project(root)
    try:
        window.set_language("zh_CN")
        window.show_panel("train")
        runs = window.panels["train"].runs
        shown = runs.item(runs.rowCount() - 1, runs.columnCount() - 1).text()
        window.check_action.trigger()
        qtbot.waitUntil(lambda: not window.jobs.active_jobs() and bool(dialogs), timeout=60_000)
    finally:
        install_language("en")
    assert "已训练 4 步；第 1 步时微批次" in shown and shown.endswith("）。") and not english_words(shown), shown
    title, text = dialogs[-1]
    for expected in ("文档：文档 2", "其文本与导入时保存的内容哈希不再一致", "不是可读取的 sentencepiece 模型",
                     "字节不是", "model.safetensors：文件被截断", "meta.json 缺失", "latest.json 已损坏", "分词器："):
        assert expected in text, (expected, text)
    findings = [line for line in text.splitlines() if line.startswith("• ")]
    assert len(findings) >= 6, text
    for line in findings:
        line = re.sub(r"sentencepiece 模型（.*?）；", "sentencepiece 模型；", line)  # sentencepiece's own error
        assert not english_words(line), line


def test_a_run_whose_loss_became_nan_says_so_in_chinese(qtbot, tokenized_project: Project,
                                                       tiny_overrides: list[str]) -> None:
    """Both pieces of advice the core gives (resume from the last good checkpoint, or start again), shown
    through the Train panel's wording of a failed run (``sentence``, which drops the CLI command)."""
    messages = []
    for interval in (1, 1000):  # a checkpoint at step 1, or none before the loss blows up
        config = RunConfig().with_overrides([*tiny_overrides, "train.lr=1e8", "train.grad_clip=0",
                                             "train.warmup_steps=0", f"train.checkpoint_interval={interval}"])
        result = train_run(tokenized_project, create_run(tokenized_project, config), device="cpu")
        assert result.status == "failed" and "the loss became" in result.message, result.message
        messages.append(result.message)
    assert "Resume at lower LR" in messages[0] and "no checkpoint was saved yet" in messages[1], messages
    try:
        install_language("zh_CN")
        shown = [sentence(message) for message in messages]
    finally:
        install_language("en")
    assert "以更低学习率继续" in shown[0] and "尚未保存检查点" in shown[1], shown
    assert all(text.endswith("。") for text in shown), shown
    assert not [english_words(text) for text in shown if english_words(text)], shown
