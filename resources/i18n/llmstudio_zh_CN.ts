<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
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
        <source>Export</source>
        <translation>导出</translation>
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
        <source>Whole split</source>
        <translation>整个数据划分</translation>
    </message>
    <message>
        <source>Attention</source>
        <translation>注意力</translation>
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
        <source>The panels switch language when the running jobs have finished and the project is reopened.</source>
        <translation>正在运行的任务结束并重新打开项目后，各面板才会切换语言。</translation>
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
        <source>Live</source>
        <translation>实时</translation>
    </message>
    <message>
        <source>Compare runs</source>
        <translation>比较运行</translation>
    </message>
</context>
</TS>