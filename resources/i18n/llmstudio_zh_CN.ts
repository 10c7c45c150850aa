<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
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
</TS>