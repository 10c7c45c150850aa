<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Advice</name>
    <message>
        <source>⚠ Overfitting: the training loss ({train}) is far below the validation loss ({val}); the model memorises its training text. Use the best checkpoint (Evaluate does by default), keep early stopping on (train.early_stop_patience), or train a smaller model, with more dropout or on more text.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>AttentionView</name>
    <message>
        <source>Show attention</source>
        <translation>显示注意力</translation>
    </message>
    <message>
        <source>Type a text and press Show attention.</source>
        <translation>输入一段文本，然后点击“显示注意力”。</translation>
    </message>
    <message>
        <source>weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Head</source>
        <translation>头</translation>
    </message>
    <message>
        <source>Query token</source>
        <translation>查询词元</translation>
    </message>
    <message>
        <source>No trained run yet: train a model in the Train panel first.</source>
        <translation>还没有训练过的运行：请先在“训练”面板训练一个模型。</translation>
    </message>
    <message>
        <source>Computing attention…</source>
        <translation>正在计算注意力…</translation>
    </message>
    <message>
        <source>Computing attention</source>
        <translation>正在计算注意力</translation>
    </message>
    <message>
        <source>layer {0}</source>
        <translation>第 {0} 层</translation>
    </message>
    <message>
        <source>mean of heads</source>
        <translation>各头平均</translation>
    </message>
    <message>
        <source>head {0}</source>
        <translation>第 {0} 个头</translation>
    </message>
    <message>
        <source>{0} tokens · {1} layers × {2} heads · rows: query tokens, columns: the tokens they attend to</source>
        <translation>{0} 个词元 · {1} 层 × {2} 个头 · 行：查询词元，列：它们关注的词元</translation>
    </message>
    <message>
        <source>what “{0}” attends to</source>
        <translation>“{0}”关注的内容</translation>
    </message>
</context>
<context>
    <name>CleanPanel</name>
    <message>
        <source>Save recipe</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Import TOML…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Export TOML…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>snapshot name (optional)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Preview</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Run cleaning</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Edit its recipe</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Load the recipe that made this snapshot into the editor, to change and run it again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Show document</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Document</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Funnel</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Histograms</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Removed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Duplicates</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Before / after</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Snapshot</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Clean again</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>There are no documents to clean yet. Import some text in Sources first.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Go to Sources</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Recipe</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Previewing</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cleaning</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>cancelling…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>cancelled; the previous snapshots are unchanged</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Failed: {reason}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Previewed {count} documents in {seconds} s</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cleaned {count} documents ({rate} documents/s)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Import recipe</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Export recipe</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{name} — kept {kept} of {total} ({recipe}, {date})</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{count} documents, not cleaned yet. Choose or edit a recipe, preview it, then run it; originals are never changed.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>⚠ The documents changed since the latest snapshot ({new} new, {gone} removed): its counts, and a tokenizer trained now, do not include them. Clean again to bring the snapshot up to date.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>CurvesView</name>
    <message>
        <source>EMA smoothing weight (0 = raw); the raw curve stays faint behind</source>
        <translation>EMA 平滑权重（0 = 原始曲线）；原始曲线以浅色保留在后面</translation>
    </message>
    <message>
        <source>log y</source>
        <translation>对数 y 轴</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>导出 PNG…</translation>
    </message>
    <message>
        <source>Export SVG…</source>
        <translation>导出 SVG…</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Smoothing</source>
        <translation>平滑</translation>
    </message>
    <message>
        <source>x axis</source>
        <translation>x 轴</translation>
    </message>
    <message>
        <source>Runs to overlay</source>
        <translation>要叠加的运行</translation>
    </message>
    <message>
        <source>Tick two or more runs to compare them.</source>
        <translation>勾选两个或更多运行进行比较。</translation>
    </message>
    <message>
        <source>same config</source>
        <translation>配置相同</translation>
    </message>
    <message>
        <source>The configs are the same.</source>
        <translation>这些配置相同。</translation>
    </message>
    <message>
        <source>Differences: {0}</source>
        <translation>差异：{0}</translation>
    </message>
    <message>
        <source>llmstudio curves</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
</context>
<context>
    <name>DiffView</name>
    <message>
        <source>Choose a document to compare its original and cleaned text.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>DocumentBrowserView</name>
    <message>
        <source>Search the text (words, "a phrase", prefix*)… then Enter</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Full-text search: words, "a phrase" or prefix*; press Enter</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>« First</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>‹ Previous</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Next ›</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Last »</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Go to page</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>id</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>origin</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>label</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>text</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>In all documents:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>In source {id} only:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Select no source (Show all documents) to search everything</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>of {pages}  ({documents})</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{n} document</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{n} documents</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{n}+ matches</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{n} match</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{n} matches</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{matches} · page {page}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source> · {count} still being indexed for search and not included yet</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>origin: {value}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>source: {value}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>label: {value}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>id: {value}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>… ({count} more characters not shown)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ErrorReporter</name>
    <message>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <source>Something went wrong inside llmstudio: {message}

Your project is safe and the app keeps running. The details are in the log file:
{path}</source>
        <translation>llmstudio 内部出错：{message}

你的项目完好无损，应用会继续运行。详细信息见日志文件：
{path}</translation>
    </message>
</context>
<context>
    <name>EvaluatePanel</name>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>Sample</source>
        <translation>样例</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>The trained run to evaluate</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The text the model continues</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Lower is more predictable, higher more varied (0.8 is a good start)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sample only from the k most likely tokens (0 = all)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The most tokens to add; sampling also stops at the end of a document</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>random</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The same seed, prompt and settings give the same sample; 'random' differs each time</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>best validation loss</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>latest</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sample from the run's latest checkpoint or from the one with the best val loss</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The sample appears here. Choose a run, type a prompt and press Generate.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Run</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Checkpoint</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Temperature</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Top-k</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Max new tokens</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Seed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Whole split</source>
        <translation>整个数据划分</translation>
    </message>
    <message>
        <source>Attention</source>
        <translation>注意力</translation>
    </message>
    <message>
        <source>No trained run yet. Train a model in the Train panel, then come back to score it and sample text from it.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Go to Train</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>run {id}: {name} ({status}, step {step})</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No trained run yet: train a model in the Train panel first.</source>
        <translation>还没有训练过的运行：请先在“训练”面板训练一个模型。</translation>
    </message>
    <message>
        <source>This run has no validation loss yet.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&lt;b&gt;val loss&lt;/b&gt; {val} · &lt;b&gt;perplexity&lt;/b&gt; {ppl} · &lt;b&gt;best val loss&lt;/b&gt; {best} · step {step}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The sample ended after {count} new tokens because the model wrote the end of a document; this is how documents end in the training text. Generate again (with another seed) for a different continuation.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Generating</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ExperimentsPanel</name>
    <message>
        <source>Grid</source>
        <translation>网格搜索</translation>
    </message>
    <message>
        <source>Random</source>
        <translation>随机搜索</translation>
    </message>
    <message>
        <source>Optuna (TPE, median pruning)</source>
        <translation>Optuna（TPE，中位数剪枝）</translation>
    </message>
    <message>
        <source>extra settings for every trial, one per line: train.max_steps=200</source>
        <translation>每次试验的附加设置，每行一个：train.max_steps=200</translation>
    </message>
    <message>
        <source>Queue the sweep</source>
        <translation>将扫描加入队列</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Vary</source>
        <translation>变化范围</translation>
    </message>
    <message>
        <source>Trials</source>
        <translation>试验次数</translation>
    </message>
    <message>
        <source>Also set</source>
        <translation>同时设置</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>Sweeps</source>
        <translation>超参数扫描</translation>
    </message>
    <message>
        <source>Learning-rate finder</source>
        <translation>学习率查找器</translation>
    </message>
    <message>
        <source>One key=v1,v2,... per line</source>
        <translation>每行一个 key=v1,v2,...</translation>
    </message>
    <message>
        <source>TOML: [train.lr] low = 1e-4 high = 1e-2 log = true; [model.n_layer] choices = [2, 4]</source>
        <translation>TOML：[train.lr] low = 1e-4 high = 1e-2 log = true; [model.n_layer] choices = [2, 4]</translation>
    </message>
    <message>
        <source>Sweep {0} queued: {1} trials.</source>
        <translation>扫描 {0} 已加入队列：{1} 次试验。</translation>
    </message>
    <message>
        <source>Creating a run</source>
        <translation>正在创建运行</translation>
    </message>
    <message>
        <source>Run {0} created from the trial; train it in the Train panel.</source>
        <translation>已根据该试验创建运行 {0}；请在“训练”面板中训练它。</translation>
    </message>
</context>
<context>
    <name>FullSplitView</name>
    <message>
        <source>validation</source>
        <translation>验证集</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试集</translation>
    </message>
    <message>
        <source>Score the whole split</source>
        <translation>评估整个数据划分</translation>
    </message>
    <message>
        <source>Every token of the split, once: loss, perplexity and bits per byte</source>
        <translation>对该划分中的每个词元计算一次：损失、困惑度和每字节比特数</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>数据划分</translation>
    </message>
    <message>
        <source>Scoring the {0} split</source>
        <translation>正在评估{0}</translation>
    </message>
    <message>
        <source>&lt;b&gt;{0}&lt;/b&gt; split, step {1}: {2:,} tokens · loss {3:.4f} · perplexity {4:,.2f} · {5:.4f} bits per byte</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt;，第 {1} 步：{2:,} 个词元 · 损失 {3:.4f} · 困惑度 {4:,.2f} · 每字节 {5:.4f} 比特</translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <source>1 · Sources</source>
        <translation>1 · 数据源</translation>
    </message>
    <message>
        <source>Import your text: files, folders, archives or web addresses. Drop files on the window or use Import. Every document keeps where it came from.</source>
        <translation>导入你的文本：文件、文件夹、压缩包或网址。把文件拖到窗口上，或点击“导入”。每篇文档都会记录它的来源。</translation>
    </message>
    <message>
        <source>2 · Clean</source>
        <translation>2 · 清洗</translation>
    </message>
    <message>
        <source>Choose a cleaning recipe and run it. Nothing is deleted: each removed document keeps the reason, and the result is a new snapshot of the text.</source>
        <translation>选择一个清洗方案并运行。不会删除任何内容：每篇被移除的文档都会记录原因，结果保存为文本的一个新快照。</translation>
    </message>
    <message>
        <source>3 · Label</source>
        <translation>3 · 标注</translation>
    </message>
    <message>
        <source>Optional: label documents (for example by topic or quality) to filter them or to train a classifier later.</source>
        <translation>可选：为文档打标签（例如按主题或质量），用于筛选或之后训练分类器。</translation>
    </message>
    <message>
        <source>4 · Tokenizer</source>
        <translation>4 · 分词器</translation>
    </message>
    <message>
        <source>Train a tokenizer on the cleaned snapshot. It splits text into the tokens the model reads and writes the training and validation sets.</source>
        <translation>在清洗后的快照上训练分词器。它把文本切分成模型读写的词元，并生成训练集和验证集。</translation>
    </message>
    <message>
        <source>5 · Model</source>
        <translation>5 · 模型</translation>
    </message>
    <message>
        <source>Pick a preset or set the size of the Transformer. The panel shows the parameters, memory and time a run will cost before you start.</source>
        <translation>选择一个预设，或设置 Transformer 的规模。开始之前，面板会显示一次训练所需的参数量、内存和时间。</translation>
    </message>
    <message>
        <source>6 · Train</source>
        <translation>6 · 训练</translation>
    </message>
    <message>
        <source>Start a run and watch the training and validation loss. Stop at any time: a checkpoint is saved and the run can be resumed.</source>
        <translation>开始一次训练，观察训练损失和验证损失。可随时停止：会保存检查点，之后可以继续训练。</translation>
    </message>
    <message>
        <source>7 · Evaluate</source>
        <translation>7 · 评估</translation>
    </message>
    <message>
        <source>Score the model on held-out text and generate samples from a prompt.</source>
        <translation>在留出的文本上为模型打分，并根据提示词生成样例文本。</translation>
    </message>
    <message>
        <source>New project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <source>Open a project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>Go to step 1 to 7</source>
        <translation>跳转到第 1 至 7 步</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Getting started</source>
        <translation>入门指南</translation>
    </message>
    <message>
        <source>&amp;Getting started</source>
        <translation>入门指南(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Where is the &amp;log file?</source>
        <translation>日志文件在哪里？(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;About llmstudio</source>
        <translation>关于 llmstudio(&amp;A)</translation>
    </message>
    <message>
        <source>About llmstudio</source>
        <translation>关于 llmstudio</translation>
    </message>
    <message>
        <source>A desktop studio for building small language models from your own text, on your own machine.</source>
        <translation>一个桌面工作室：在你自己的电脑上，用你自己的文本构建小型语言模型。</translation>
    </message>
    <message>
        <source>Log file</source>
        <translation>日志文件</translation>
    </message>
    <message>
        <source>llmstudio writes what it does and any errors to:
{path}

Attach this file when you report a problem.</source>
        <translation>llmstudio 会把运行记录和错误写入：
{path}

报告问题时请附上这个文件。</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
</context>
<context>
    <name>Histograms</name>
    <message>
        <source>Value</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import text</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Add files…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Add folder…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Add URLs…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>auto (CSV only)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>auto (detected per file)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>auto</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>e.g. *.txt, *.md (empty: every known format)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>e.g. drafts/*</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Skip content already in the project</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>What will be imported: files, folders (searched recursively), archives and web addresses</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>How to read the files; auto detects it from each file's name and content</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Where one document ends: a whole file, each line, each paragraph or each record</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>For JSON, CSV and Parquet: the field that holds the text</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Optional: a field whose value becomes the document's label</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The character encoding; leave empty to detect it per file</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The column separator of CSV files; leave empty to detect it</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Only import files whose names match these patterns (comma-separated)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Skip files whose names match these patterns (comma-separated)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Documents whose exact text is already in the project are not stored again</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Format</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>One document per</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Text field</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Label field</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Encoding</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>CSV delimiter</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Include</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Exclude</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Add files, a folder or URLs (or drop them here) to see a preview.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>origin</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>label</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>text</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>file</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>line</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>severity</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>reason</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Problems</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Import</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cancel import</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Preview: the first documents exactly as they will be imported</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Import files</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Import a folder</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Import web pages</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>One http(s) address per line:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reading a preview…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Preview</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No preview: {reason}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Problems found in the preview</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Nothing to import yet.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>⚠ Nothing here can be imported: every file was rejected (see the problems below). Choose text files, or set the format if it was not recognised.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{files}, {size}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{n} file</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{n} files</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>format</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>compressed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>archive</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>encoding</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>text field</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>delimiter</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>one document per</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>auto ({detected})</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{title}: none</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Importing…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Importing</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cancelling: the file being read is rolled back…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Imported {documents} from {files} ({size}); skipped {skipped}; errors {errors}.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{n} document</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{n} documents</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Problems (these did not stop the other files)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cancelled. Files already finished are kept; the one being read was rolled back.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The import stopped: {reason}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Nothing in the preview can be imported</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Import what the preview shows</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>JobStatus</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop this job; work it has finished is kept</source>
        <translation>停止此任务；已完成的部分会保留</translation>
    </message>
    <message>
        <source>{title}: stopping…</source>
        <translation>{title}：正在停止…</translation>
    </message>
</context>
<context>
    <name>LabelPanel</name>
    <message>
        <source>New schema…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Your name: each annotation records who made it</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Start labeling</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Label</source>
        <translation>标注</translation>
    </message>
    <message>
        <source>Table</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Review</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Schema</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>train,validation,test</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Split</source>
        <translation>数据划分</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Annotator</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Ratios</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Create a label schema to start (New schema…), or import labels.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>LabelReviewView</name>
    <message>
        <source>No document has been labelled by two annotators yet.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No open disagreements.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>LabelTableView</name>
    <message>
        <source>Flagged only</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Label selected</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Label:</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>LabelingView</name>
    <message>
        <source>Auto-advance</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&lt;b&gt;Guidelines&lt;/b&gt;</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&lt;b&gt;Progress&lt;/b&gt;</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&lt;b&gt;All done&lt;/b&gt;: no documents left in this queue.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>LrFinderView</name>
    <message>
        <source>Find a learning rate</source>
        <translation>查找学习率</translation>
    </message>
    <message>
        <source>A short run with the learning rate rising from 1e-6 to 1; the model is thrown away afterwards.</source>
        <translation>一次短暂的运行，学习率从 1e-6 升到 1；之后会丢弃该模型。</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Finding a learning rate</source>
        <translation>正在查找学习率</translation>
    </message>
    <message>
        <source>Suggested train.lr: &lt;b&gt;{0:.2e}&lt;/b&gt; (where the loss falls fastest)</source>
        <translation>建议的 train.lr：&lt;b&gt;{0:.2e}&lt;/b&gt;（损失下降最快处）</translation>
    </message>
    <message>
        <source>No suggestion: the loss did not fall; try more steps.</source>
        <translation>无法给出建议：损失没有下降；请增加步数。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Build a small language model from your own text, on your own machine.</source>
        <translation>在你自己的电脑上，用你自己的文本构建小型语言模型。</translation>
    </message>
    <message>
        <source>New project…</source>
        <translation>新建项目…</translation>
    </message>
    <message>
        <source>Open project…</source>
        <translation>打开项目…</translation>
    </message>
    <message>
        <source>Open the demo project (Moby-Dick)…</source>
        <translation>打开示例项目（《白鲸》）…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New project…</source>
        <translation>新建项目(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Open project…</source>
        <translation>打开项目(&amp;O)…</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>Open the &amp;demo project…</source>
        <translation>打开示例项目(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Check project</source>
        <translation>检查项目(&amp;C)</translation>
    </message>
    <message>
        <source>Look for damaged documents, tokenizers, checkpoints and search index</source>
        <translation>查找损坏的文档、分词器、检查点和搜索索引</translation>
    </message>
    <message>
        <source>The panels switch language when the running jobs have finished and the project is reopened.</source>
        <translation>正在运行的任务结束并重新打开项目后，各面板才会切换语言。</translation>
    </message>
    <message>
        <source>Checking the project</source>
        <translation>正在检查项目</translation>
    </message>
    <message>
        <source>Choose an empty folder for the new project</source>
        <translation>为新项目选择一个空文件夹</translation>
    </message>
    <message>
        <source>Open a project folder</source>
        <translation>打开项目文件夹</translation>
    </message>
    <message>
        <source>Choose an empty folder for the demo project</source>
        <translation>为示例项目选择一个空文件夹</translation>
    </message>
    <message>
        <source>Creating the demo project</source>
        <translation>正在创建示例项目</translation>
    </message>
    <message>
        <source>The project folder {} no longer exists or is not a project; it was removed from the recent projects.</source>
        <translation>项目文件夹 {} 已不存在或不是项目，已从最近打开的项目中移除。</translation>
    </message>
    <message>
        <source>A job is still running; wait for it or cancel it before switching projects.</source>
        <translation>还有任务正在运行；请等待它完成或取消后再切换项目。</translation>
    </message>
    <message>
        <source>&lt;h3&gt;The {title} panel could not open&lt;/h3&gt;&lt;p&gt;{error}&lt;/p&gt;&lt;p&gt;The rest of the project is unaffected. The details are in the log file: {log}&lt;/p&gt;</source>
        <translation>&lt;h3&gt;“{title}”面板无法打开&lt;/h3&gt;&lt;p&gt;{error}&lt;/p&gt;&lt;p&gt;项目的其他部分不受影响。详细信息见日志文件：{log}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Recent projects</source>
        <translation>最近的项目</translation>
    </message>
    <message>
        <source>Jobs are running</source>
        <translation>有任务正在运行</translation>
    </message>
    <message>
        <source>Running: {jobs}. Stop them and quit? Training saves a checkpoint first.</source>
        <translation>正在运行：{jobs}。停止这些任务并退出吗？训练会先保存检查点。</translation>
    </message>
</context>
<context>
    <name>ModelPanel</name>
    <message>
        <source>(choose a preset)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Load a ready-made model and training configuration</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Estimated from the settings: the memory one training step needs on the device (weights, their gradients, the AdamW optimizer's two moments and the activations of one micro-batch). The Train panel's memory figure is what the running trainer actually uses.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The device the time estimate and the memory check are for</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Time per 1,000 steps: not measured yet</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Measure</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Time a few training steps of these settings on the chosen device</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Transformer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Training</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Preset</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Sizes, memory and time show again when every setting is valid.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Save the settings</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&lt;b&gt;{params} parameters&lt;/b&gt; (vocabulary {vocab}) · {flops} per token · {tokens} tokens per step · {total} for {steps} steps&lt;br&gt;Memory a training step needs ≈ &lt;b&gt;{memory}&lt;/b&gt;: weights {weights}, gradients {gradients}, AdamW state {optimizer}, activations {activations} (batch {batch}, {precision})</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>⚠ These settings need about {needed} to train, more than the {available} of {device}: they will not fit. Lower train.batch_size (and raise train.grad_accum to keep the batch), model.context_length or the model size, or choose precision bf16.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Looking for devices</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Time per 1,000 steps: not measured while another job runs (it would compete for the same processor). Press Measure when it has finished.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Time per 1,000 steps: not measured, the settings do not fit this device.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Time per 1,000 steps on {device}: measuring…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Timing a few training steps</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Time per 1,000 steps: could not measure ({reason})</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Time per 1,000 steps on {device}: &lt;b&gt;≈ {duration}&lt;/b&gt; ({rate} tokens/s, MFU {mfu}; measured over 3 steps at a micro-batch of {batch}, {threads} threads)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Time per 1,000 steps: not measured (cancelled). Press Measure to time a few steps.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{days} days</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{h} h {m:02d} min</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{m} min {s:02d} s</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>NewSchemaDialog</name>
    <message>
        <source>New label schema</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Guidelines</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot create the schema</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Panels</name>
    <message>
        <source>Sources</source>
        <translation>数据源</translation>
    </message>
    <message>
        <source>Clean</source>
        <translation>清洗</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标注</translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation>分词器</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>Experiments</source>
        <translation>实验</translation>
    </message>
</context>
<context>
    <name>PreviewView</name>
    <message>
        <source>Preview runs the recipe on a sample and writes nothing.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Examples of removed documents</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>RecipeEditor</name>
    <message>
        <source>recipe name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Add step</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Up</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Down</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Start from</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Add a step to start.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>RemovedTable</name>
    <message>
        <source>Force keep</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Force drop</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Clear override</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>SchemaEditor</name>
    <message>
        <source>Labels</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Save guidelines</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>SourcesPanel</name>
    <message>
        <source>id</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>kind</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>format</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>path</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>options</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>size</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>documents</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>imported</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>errors</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Import…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Remove source…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Show all documents</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Import files, folders, archives or web pages (or drop them on the window)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Remove the selected source and its documents from the project</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Browse and search every document, not only the selected source's</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No text yet. Import files, a folder or web pages to start: llmstudio keeps where each document came from.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Import text…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Last import: {documents} from {files}, {skipped} skipped, {errors} errors</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{n} document</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{n} documents</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{n} file</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{n} files</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Search is unavailable: {reason}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Indexing documents for search</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Search index not updated: {reason}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Remove source</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Select a source in the table first.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>An import is running; remove sources once it has finished.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Remove source {id} ({path}) and its {count} documents from the project? Labels on those documents go with them.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Problems in source {id}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{count} problems recorded for {path}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>defaults</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>(double-click for all)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{sources}, {documents}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{n} source</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{n} sources</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>SweepQueue</name>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Cancel trial</source>
        <translation>取消试验</translation>
    </message>
    <message>
        <source>Stop running trial</source>
        <translation>停止正在运行的试验</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Sweep {0} trial</source>
        <translation>扫描 {0} 的试验</translation>
    </message>
    <message>
        <source>running: {0}</source>
        <translation>运行中：{0}</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source> · paused</source>
        <translation> · 已暂停</translation>
    </message>
    <message>
        <source>{0} waiting · {1}{2}</source>
        <translation>{0} 个等待中 · {1}{2}</translation>
    </message>
</context>
<context>
    <name>SweepResults</name>
    <message>
        <source>best val loss</source>
        <translation>最佳验证损失</translation>
    </message>
    <message>
        <source>importance</source>
        <translation>重要性</translation>
    </message>
    <message>
        <source>Start a run from this trial</source>
        <translation>从该试验开始一次运行</translation>
    </message>
    <message>
        <source>Sweep</source>
        <translation>扫描</translation>
    </message>
    <message>
        <source>Hyperparameter</source>
        <translation>超参数</translation>
    </message>
    <message>
        <source>sweep {0}</source>
        <translation>扫描 {0}</translation>
    </message>
    <message>
        <source>trial</source>
        <translation>试验</translation>
    </message>
    <message>
        <source>run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>state</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>TokenizerPanel</name>
    <message>
        <source>Number of tokens. Small corpora want small vocabularies (500-4000).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>bpe and unigram learn sub-words; char uses one token per character</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Train tokenizer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Train a tokenizer on the latest cleaned snapshot and write the training, validation and test token files</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Vocabulary size</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Model type</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>There is no cleaned text yet: the tokenizer trains on the latest cleaned snapshot. Run a cleaning recipe first.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Go to Clean</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Train again</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>id</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>type</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>vocabulary</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>snapshot</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>train tokens</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>val tokens</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>created</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Type text to see how the latest tokenizer splits it</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Try the latest tokenizer:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Training the tokenizer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>You asked for {asked} tokens, but this text only supports {got}: sentencepiece stopped there, so the tokenizer has {got} tokens. Import more text for a larger vocabulary.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Trains on the latest cleaned snapshot ({snapshot}: {count} documents).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>⚠ {count} documents arrived since the latest cleaning: a tokenizer trained now would not see them. Clean again first.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>⚠ The latest tokenizer was trained on snapshot {old}; snapshot {new} is newer. Train again to use the new text.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>⚠ The vocabulary ({vocab}) is large for {tokens} training tokens: most tokens will be seen only a few times and the model will overfit. Choose at most {suggest} tokens, or import more text.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>⚠ The validation set has only {tokens} tokens: its loss will jump from one evaluation to the next and early stopping may stop too soon. Import more text.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&lt;i&gt;No tokenizer yet.&lt;/i&gt;</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{count} tokens: {pieces}</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>TourDialog</name>
    <message>
        <source>Getting started with llmstudio</source>
        <translation>llmstudio 入门</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Show this tour at start</source>
        <translation>启动时显示此导览</translation>
    </message>
</context>
<context>
    <name>TrainPanel</name>
    <message>
        <source>id</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>status</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>step</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>train loss</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>val loss</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>best val</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>device</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>duration</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>config</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>message</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>tokens/s</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>ms/step</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>MFU</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>memory</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>elapsed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>ETA</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>auto</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>auto picks CUDA, then Apple MPS, then the CPU</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Start new run</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Resume selected</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>How many more steps Continue trains the selected run for</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Continue for more steps</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Resume at lower LR…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>After a NaN: resume from the last good checkpoint with a smaller train.lr</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Clone config</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Load the selected run's settings into the Model panel for a new run</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Export for torchrun…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Write the run's config.toml plus torchrun and SLURM launch scripts</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Delete run…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>-</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Memory the trainer actually uses on the device (peak allocated on CUDA/MPS, the process's resident memory on the CPU). The Model panel's figure is an estimate made from the settings before training.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Model FLOPs utilisation: the share of the device's peak arithmetic the training uses</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Loss</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No run yet. Press Start new run to train a model; its training and validation loss appear here as it learns.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Live</source>
        <translation>实时</translation>
    </message>
    <message>
        <source>Compare runs</source>
        <translation>比较运行</translation>
    </message>
    <message>
        <source>Run {id} stopped: {reason}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot start: {reason}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Train a new model with the Model panel's settings</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>⚠ {reason} Fix it in the Model panel to start a run.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>There is no tokenizer yet: train one in the Tokenizer panel first.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>New runs use the Model panel's settings: {layers} layers × {heads} heads, d_model {d_model}, context {context}, batch {batch}, {steps} steps, lr {lr} ({schedule}).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>tokenizer {id}, </source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Export the run's config and launch scripts to</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Delete run</source>
        <translation type="unfinished" />
    </message>
</context>
</TS>