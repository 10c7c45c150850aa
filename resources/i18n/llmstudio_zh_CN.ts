<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Advice</name>
    <message>
        <source>⚠ Overfitting: the training loss ({train}) is far below the validation loss ({val}); the model memorises its training text. Use the best checkpoint (Evaluate does by default), keep early stopping on (train.early_stop_patience), or train a smaller model, with more dropout or on more text.</source>
        <translation>⚠ 过拟合：训练损失（{train}）远低于验证损失（{val}），模型在死记训练文本。请使用最佳检查点（“评估”默认如此），保持早停开启（train.early_stop_patience），或训练更小的模型、加大 dropout、使用更多文本。</translation>
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
        <source>{tokens} · {layers} × {heads} · rows: query tokens, columns: the tokens they attend to</source>
        <translation>{tokens} · {layers} × {heads} · 行：查询词元，列：它们关注的词元</translation>
    </message>
    <message numerus="yes">
        <source>%Ln token(s)</source>
        <translation>
            <numerusform>%Ln 个词元</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln layer(s)</source>
        <translation>
            <numerusform>%Ln 层</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln head(s)</source>
        <translation>
            <numerusform>%Ln 个头</numerusform>
        </translation>
    </message>
    <message>
        <source>what “{0}” attends to</source>
        <translation>“{0}”关注的内容</translation>
    </message>
</context>
<context>
    <name>CheckAreas</name>
    <message>
        <source>database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>documents</source>
        <translation>文档</translation>
    </message>
    <message>
        <source>snapshots</source>
        <translation>快照</translation>
    </message>
    <message>
        <source>tokenizers</source>
        <translation>分词器</translation>
    </message>
    <message>
        <source>checkpoints</source>
        <translation>检查点</translation>
    </message>
    <message>
        <source>search index</source>
        <translation>搜索索引</translation>
    </message>
</context>
<context>
    <name>CheckFindings</name>
    <message>
        <source>document {id} ({origin})</source>
        <translation>文档 {id}（{origin}）</translation>
    </message>
    <message>
        <source>snapshot &apos;{name}&apos;</source>
        <translation>快照“{name}”</translation>
    </message>
    <message>
        <source>tokenizer {id} ({name})</source>
        <translation>分词器 {id}（{name}）</translation>
    </message>
    <message>
        <source>run {run}</source>
        <translation>运行 {run}</translation>
    </message>
    <message>
        <source>the database could not be read ({error})</source>
        <translation>无法读取数据库（{error}）</translation>
    </message>
    <message>
        <source>SQLite integrity check: {row}</source>
        <translation>SQLite 完整性检查：{row}</translation>
    </message>
    <message>
        <source>its text no longer matches the content hash stored when it was imported (changed outside llmstudio, or damaged on disk)</source>
        <translation>其文本与导入时保存的内容哈希不再一致（在本程序之外被修改，或磁盘上已损坏）</translation>
    </message>
    <message>
        <source>left unfinished by a clean that was interrupted</source>
        <translation>清洗被中断，留下了未完成的快照</translation>
    </message>
    <message>
        <source>left half-made by an interrupted run</source>
        <translation>运行被中断，留下了未完成的文件夹</translation>
    </message>
    <message>
        <source>the file is missing</source>
        <translation>文件缺失</translation>
    </message>
    <message>
        <source>not a readable sentencepiece model ({error})</source>
        <translation>不是可读取的 sentencepiece 模型（{error}）</translation>
    </message>
    <message>
        <source>holds the token id {id}, outside the vocabulary of {vocab} (the file is damaged)</source>
        <translation>含有词元 id {id}，超出了 {vocab} 个词元的词表（文件已损坏）</translation>
    </message>
    <message>
        <source>holds {count} tokens, but {expected} were recorded</source>
        <translation>含有 {count} 个词元，但记录的是 {expected} 个</translation>
    </message>
    <message>
        <source>{size} bytes is not a whole number of {width}-byte tokens (the file is cut short)</source>
        <translation>{size} 字节不是 {width} 字节词元的整数倍（文件被截断）</translation>
    </message>
    <message>
        <source>meta.json does not record the step</source>
        <translation>meta.json 未记录步数</translation>
    </message>
    <message>
        <source>meta.json is missing</source>
        <translation>meta.json 缺失</translation>
    </message>
    <message>
        <source>meta.json is damaged ({error})</source>
        <translation>meta.json 已损坏（{error}）</translation>
    </message>
    <message>
        <source>the file is cut short (no header)</source>
        <translation>文件被截断（没有文件头）</translation>
    </message>
    <message>
        <source>the header is damaged or the file is cut short</source>
        <translation>文件头已损坏，或文件被截断</translation>
    </message>
    <message>
        <source>the header is damaged ({error})</source>
        <translation>文件头已损坏（{error}）</translation>
    </message>
    <message>
        <source>the header is damaged</source>
        <translation>文件头已损坏</translation>
    </message>
    <message>
        <source>the entry for tensor &apos;{name}&apos; is damaged</source>
        <translation>张量“{name}”的条目已损坏</translation>
    </message>
    <message>
        <source>the file is {size} bytes but its header describes {described} (cut short or damaged)</source>
        <translation>文件为 {size} 字节，但其文件头描述的是 {described} 字节（被截断或已损坏）</translation>
    </message>
    <message>
        <source>the index is damaged ({error})</source>
        <translation>索引已损坏（{error}）</translation>
    </message>
    <message>
        <source>{name} names {target}, which is not a checkpoint folder of this run</source>
        <translation>{name} 指向 {target}，它不是此运行的检查点文件夹</translation>
    </message>
    <message>
        <source>{name} names {target}, which does not exist</source>
        <translation>{name} 指向 {target}，但它不存在</translation>
    </message>
    <message>
        <source>{name} is damaged</source>
        <translation>{name} 已损坏</translation>
    </message>
    <message>
        <source>restore project.sqlite from a backup</source>
        <translation>从备份恢复 project.sqlite</translation>
    </message>
    <message>
        <source>restore project.sqlite from a backup (or copy out what can be read)</source>
        <translation>从备份恢复 project.sqlite（或复制出仍可读取的内容）</translation>
    </message>
    <message>
        <source>remove its source and import it again (&apos;llmstudio sources DIR --remove ID&apos;)</source>
        <translation>移除其来源并重新导入（&apos;llmstudio sources DIR --remove ID&apos;）</translation>
    </message>
    <message>
        <source>run &apos;llmstudio clean DIR&apos; again: it removes unfinished snapshots first</source>
        <translation>再次运行 &apos;llmstudio clean DIR&apos;：它会先删除未完成的快照</translation>
    </message>
    <message>
        <source>train the tokenizer again (&apos;llmstudio tokenizer DIR&apos;)</source>
        <translation>重新训练分词器（&apos;llmstudio tokenizer DIR&apos;）</translation>
    </message>
    <message>
        <source>run &apos;llmstudio tokenizer DIR&apos; again: it removes half-made folders first</source>
        <translation>再次运行 &apos;llmstudio tokenizer DIR&apos;：它会先删除未完成的文件夹</translation>
    </message>
    <message>
        <source>fix the path in the project or delete the run</source>
        <translation>修正项目中的路径，或删除该运行</translation>
    </message>
    <message>
        <source>delete this checkpoint folder; resuming falls back to the previous one</source>
        <translation>删除此检查点文件夹；继续训练时会退回到上一个检查点</translation>
    </message>
    <message>
        <source>delete {pointer}; the newest intact checkpoint is used instead</source>
        <translation>删除 {pointer}；将改用最新的完好检查点</translation>
    </message>
    <message>
        <source>nothing is lost (it is a cache): delete {name}, or let llmstudio rebuild it from the documents when you next search</source>
        <translation>不会丢失任何内容（这只是缓存）：删除 {name}，或在下次搜索时让本程序根据文档重建它</translation>
    </message>
    <message>
        <source>{file}: {problem}</source>
        <translation>{file}：{problem}</translation>
    </message>
</context>
<context>
    <name>CheckReportWords</name>
    <message numerus="yes">
        <source>%Ln database(s)</source>
        <translation>
            <numerusform>%Ln 个数据库</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln document(s)</source>
        <translation>
            <numerusform>%Ln 篇文档</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln snapshot(s)</source>
        <translation>
            <numerusform>%Ln 个快照</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln tokenizer(s)</source>
        <translation>
            <numerusform>%Ln 个分词器</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln checkpoint(s)</source>
        <translation>
            <numerusform>%Ln 个检查点</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln search index(es)</source>
        <translation>
            <numerusform>%Ln 个搜索索引</numerusform>
        </translation>
    </message>
    <message>
        <source>No problems found.</source>
        <translation>未发现问题。</translation>
    </message>
    <message>
        <source>Checked: {checked}.</source>
        <translation>已检查：{checked}。</translation>
    </message>
    <message numerus="yes">
        <source>%Ln problem(s) found (checked {checked}):</source>
        <translation>
            <numerusform>发现 %Ln 个问题（已检查 {checked}）：</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %Ln more; run &apos;llmstudio check&apos; on the folder for the full list.</source>
        <translation>
            <numerusform>……另有 %Ln 个；对该文件夹运行 “llmstudio check” 可查看完整列表。</numerusform>
        </translation>
    </message>
    <message>
        <source>{area}: {subject}: {problem}; {fix}</source>
        <translation>{area}：{subject}：{problem}；{fix}</translation>
    </message>
    <message>
        <source>Check project</source>
        <translation>检查项目</translation>
    </message>
</context>
<context>
    <name>ClassifierTab</name>
    <message>
        <source>Start from a language-model run&apos;s weights (fine-tuning), or from scratch</source>
        <translation>从某个语言模型运行的权重开始（微调），或从头训练</translation>
    </message>
    <message>
        <source>Head only (freeze the body)</source>
        <translation>只训练分类头（冻结主体）</translation>
    </message>
    <message>
        <source>mean of the tokens</source>
        <translation>词元平均</translation>
    </message>
    <message>
        <source>last token</source>
        <translation>最后一个词元</translation>
    </message>
    <message>
        <source>× </source>
        <translation>× </translation>
    </message>
    <message>
        <source> windows</source>
        <translation> 个窗口</translation>
    </message>
    <message>
        <source>A longer document is read as up to this many windows of max tokens and judged on all of them (1: one window; the rest is cut)</source>
        <translation>更长的文档最多分成这么多个窗口来读（每个窗口的长度为最多词元数），并依据全部窗口判断（1：只读一个窗口，其余部分截掉）</translation>
    </message>
    <message>
        <source>cut the end</source>
        <translation>截掉结尾</translation>
    </message>
    <message>
        <source>cut the start</source>
        <translation>截掉开头</translation>
    </message>
    <message>
        <source>cut the middle</source>
        <translation>截掉中间（保留开头和结尾）</translation>
    </message>
    <message>
        <source>Balance rare labels (class weights)</source>
        <translation>平衡少见标签（类别权重）</translation>
    </message>
    <message>
        <source>Also train the TF-IDF + logistic regression baseline</source>
        <translation>同时训练 TF-IDF + 逻辑回归基线</translation>
    </message>
    <message>
        <source>more settings, e.g. model.n_layer=4 train.lr=3e-4</source>
        <translation>更多设置，例如 model.n_layer=4 train.lr=3e-4</translation>
    </message>
    <message>
        <source>Label schema</source>
        <translation>标注方案</translation>
    </message>
    <message>
        <source>Start from</source>
        <translation>起始方案</translation>
    </message>
    <message>
        <source>Pooling</source>
        <translation>池化方式</translation>
    </message>
    <message>
        <source>Max tokens</source>
        <translation>最多词元数</translation>
    </message>
    <message>
        <source>Long documents</source>
        <translation>长文档</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Train classifier</source>
        <translation>训练分类器</translation>
    </message>
    <message>
        <source>Retrain on current labels</source>
        <translation>用当前标签重新训练</translation>
    </message>
    <message>
        <source>Train a new run with the latest classifier run&apos;s settings</source>
        <translation>用最近一次分类器运行的设置训练一个新运行</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Loss and validation F1</source>
        <translation>损失和验证 F1</translation>
    </message>
    <message>
        <source>train loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>validation loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>validation F1</source>
        <translation>验证 F1</translation>
    </message>
    <message>
        <source>scratch (a new small Transformer)</source>
        <translation>从头训练（一个新的小型 Transformer）</translation>
    </message>
    <message>
        <source>language-model run {0} ({1})</source>
        <translation>语言模型运行 {0}（{1}）</translation>
    </message>
    <message>
        <source>Retraining classifier run {0} on the current labels</source>
        <translation>用当前标签重新训练分类器运行 {0}</translation>
    </message>
    <message>
        <source>No split yet</source>
        <translation>还没有数据划分</translation>
    </message>
    <message>
        <source>The documents have no train/validation/test split yet. Make one now (80/10/10, stratified by the labels)?</source>
        <translation>这些文档还没有训练/验证/测试划分。现在按标签分层创建一个（80/10/10）吗？</translation>
    </message>
    <message>
        <source>A classifier needs a split: use Split in the Label panel.</source>
        <translation>分类器需要数据划分：请在“标注”面板中使用“划分”。</translation>
    </message>
    <message>
        <source>Preparing the labelled documents…</source>
        <translation>正在准备已标注的文档…</translation>
    </message>
    <message>
        <source>Training a classifier</source>
        <translation>正在训练分类器</translation>
    </message>
    <message>
        <source>Classifier run {0} is training…</source>
        <translation>分类器运行 {0} 正在训练…</translation>
    </message>
    <message>
        <source>Run {0}, step {1}: validation macro-F1 {2:.3f}, loss {3:.4f}</source>
        <translation>运行 {0}，第 {1} 步：验证宏平均 F1 {2:.3f}，损失 {3:.4f}</translation>
    </message>
    <message>
        <source>Classifier run {0} {1}: {2}</source>
        <translation>分类器运行 {0} {1}：{2}</translation>
    </message>
    <message>
        <source>Classifier run {0} {1}: test macro-F1 {2:.4f}, accuracy {3:.4f}</source>
        <translation>分类器运行 {0} {1}：测试集宏平均 F1 {2:.4f}，准确率 {3:.4f}</translation>
    </message>
    <message>
        <source> (TF-IDF baseline: macro-F1 {0:.4f})</source>
        <translation>（TF-IDF 基线：宏平均 F1 {0:.4f}）</translation>
    </message>
    <message>
        <source>Language model</source>
        <translation>语言模型</translation>
    </message>
    <message>
        <source>Classifier</source>
        <translation>分类器</translation>
    </message>
</context>
<context>
    <name>ClassifierView</name>
    <message>
        <source>test</source>
        <translation>测试集</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证集</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练集</translation>
    </message>
    <message>
        <source>Transformer</source>
        <translation>Transformer</translation>
    </message>
    <message>
        <source>TF-IDF baseline</source>
        <translation>TF-IDF 基线</translation>
    </message>
    <message>
        <source>figure</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>baseline</source>
        <translation>基线</translation>
    </message>
    <message>
        <source>label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>precision</source>
        <translation>精度 (precision)</translation>
    </message>
    <message>
        <source>recall</source>
        <translation>召回率</translation>
    </message>
    <message>
        <source>support</source>
        <translation>样本数</translation>
    </message>
    <message>
        <source>document</source>
        <translation>文档</translation>
    </message>
    <message>
        <source>true</source>
        <translation>真实</translation>
    </message>
    <message>
        <source>predicted</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>confidence</source>
        <translation>置信度</translation>
    </message>
    <message>
        <source>scores</source>
        <translation>得分</translation>
    </message>
    <message>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Classifier run</source>
        <translation>分类器运行</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>数据划分</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>No classifier run yet: train one in the Train panel (Classifier tab).</source>
        <translation>还没有分类器运行：请在“训练”面板（分类器标签页）中训练一个。</translation>
    </message>
    <message>
        <source>Run {0} has no {1} figures for this model (train with the baseline to compare).</source>
        <translation>运行 {0} 没有该模型的 {1} 指标（训练时勾选基线即可对比）。</translation>
    </message>
    <message numerus="yes">
        <source>%Ln labelled {split} document(s); rows of the matrix are the true labels.</source>
        <translation>
            <numerusform>%Ln 篇已标注的{split}文档；矩阵的行是真实标签。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln misclassified document(s), most confident mistakes first (double-click to fix the label)</source>
        <translation>
            <numerusform>%Ln 篇分类错误的文档，置信度最高的错误排在前面（双击可修正标签）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln document(s) labelled {true}, predicted {predicted} (double-click to open)</source>
        <translation>
            <numerusform>%Ln 篇文档标注为 {true}，预测为 {predicted}（双击打开）</numerusform>
        </translation>
    </message>
    <message>
        <source>Multi-label: true positives per label {0}.</source>
        <translation>多标签：每个标签的真正例 {0}。</translation>
    </message>
</context>
<context>
    <name>CleanPanel</name>
    <message>
        <source>Save recipe</source>
        <translation>保存方案</translation>
    </message>
    <message>
        <source>Import TOML…</source>
        <translation>导入 TOML…</translation>
    </message>
    <message>
        <source>Export TOML…</source>
        <translation>导出 TOML…</translation>
    </message>
    <message>
        <source>A name for the snapshot this cleaning makes (optional)</source>
        <translation>本次清洗生成的快照名称（可选）</translation>
    </message>
    <message>
        <source>snapshot name (optional)</source>
        <translation>快照名称（可选）</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Run cleaning</source>
        <translation>运行清洗</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>The snapshot whose results are shown</source>
        <translation>要显示其结果的快照</translation>
    </message>
    <message>
        <source>Edit its recipe</source>
        <translation>编辑其方案</translation>
    </message>
    <message>
        <source>Load the recipe that made this snapshot into the editor, to change and run it again.</source>
        <translation>把生成此快照的方案载入编辑器，修改后可再次运行。</translation>
    </message>
    <message>
        <source>Show document</source>
        <translation>显示文档</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>文档</translation>
    </message>
    <message>
        <source>Funnel</source>
        <translation>漏斗图</translation>
    </message>
    <message>
        <source>Histograms</source>
        <translation>直方图</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>已移除</translation>
    </message>
    <message>
        <source>Duplicates</source>
        <translation>重复项</translation>
    </message>
    <message>
        <source>Before / after</source>
        <translation>清洗前 / 后</translation>
    </message>
    <message>
        <source>Snapshot</source>
        <translation>快照</translation>
    </message>
    <message>
        <source>Clean again</source>
        <translation>重新清洗</translation>
    </message>
    <message>
        <source>There are no documents to clean yet. Import some text in Sources first.</source>
        <translation>还没有可清洗的文档。请先在“数据源”中导入文本。</translation>
    </message>
    <message>
        <source>Go to Sources</source>
        <translation>前往“数据源”</translation>
    </message>
    <message>
        <source>Recipe</source>
        <translation>方案</translation>
    </message>
    <message>
        <source>Previewing</source>
        <translation>正在预览</translation>
    </message>
    <message>
        <source>Cleaning</source>
        <translation>正在清洗</translation>
    </message>
    <message>
        <source>cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>cancelled; the previous snapshots are unchanged</source>
        <translation>已取消；之前的快照保持不变</translation>
    </message>
    <message>
        <source>Failed: {reason}</source>
        <translation>失败：{reason}</translation>
    </message>
    <message numerus="yes">
        <source>Previewed %Ln document(s) in {seconds} s</source>
        <translation>
            <numerusform>已预览 %Ln 篇文档，用时 {seconds} 秒</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cleaned %Ln document(s) ({rate} docs/s)</source>
        <translation>
            <numerusform>已清洗 %Ln 篇文档（每秒 {rate} 篇）</numerusform>
        </translation>
    </message>
    <message>
        <source>{name} — kept {kept} of {total}</source>
        <translation>{name} — 保留 {kept} / {total}</translation>
    </message>
    <message>
        <source>Recipe {recipe}, made {date}</source>
        <translation>方案 {recipe}，生成于 {date}</translation>
    </message>
    <message numerus="yes">
        <source>%Ln document(s), not cleaned yet. Choose or edit a recipe, preview it, then run it; originals are never changed.</source>
        <translation>
            <numerusform>%Ln 篇文档，尚未清洗。选择或编辑一个方案，先预览再运行；原始文本永远不会被修改。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Snapshot kept {kept} of %Ln document(s) ({chars} of {all_chars} characters after the last step).</source>
        <translation>
            <numerusform>快照保留了 %Ln 篇文档中的 {kept} 篇（最后一步之后剩 {chars} / {all_chars} 个字符）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Import recipe</source>
        <translation>导入方案</translation>
    </message>
    <message>
        <source>Export recipe</source>
        <translation>导出方案</translation>
    </message>
    <message>
        <source>⚠ The documents changed since the latest snapshot ({new} new, {gone} removed): its counts, and a tokenizer trained now, do not include them. Clean again to bring the snapshot up to date.</source>
        <translation>⚠ 自最新快照以来文档有变化（新增 {new} 篇，移除 {gone} 篇）：快照的统计以及现在训练的分词器都不包含这些变化。请重新清洗，使快照保持最新。</translation>
    </message>
    <message>
        <source>  Replaced: {what}</source>
        <translation>  已替换：{what}</translation>
    </message>
    <message>
        <source>There is no document {id}.</source>
        <translation>没有编号为 {id} 的文档。</translation>
    </message>
    <message>
        <source>Document {id}: original (left) and cleaned (right)</source>
        <translation>文档 {id}：原文（左）与清洗后（右）</translation>
    </message>
    <message>
        <source>Document {id} was removed by {step}: {reason}</source>
        <translation>文档 {id} 被 {step} 删除：{reason}</translation>
    </message>
</context>
<context>
    <name>CleaningReasons</name>
    <message>
        <source>contains &apos;lorem ipsum&apos;</source>
        <translation>含有 &apos;lorem ipsum&apos;</translation>
    </message>
    <message>
        <source>contains a curly brace</source>
        <translation>含有花括号</translation>
    </message>
    <message>
        <source>contains a listed bad word</source>
        <translation>含有列表中的不良词</translation>
    </message>
    <message>
        <source>empty document</source>
        <translation>空文档</translation>
    </message>
    <message>
        <source>exact duplicate of an earlier document</source>
        <translation>与之前某篇文档完全重复</translation>
    </message>
    <message>
        <source>near duplicate of an earlier document</source>
        <translation>与之前某篇文档近似重复</translation>
    </message>
    <message>
        <source>&apos;#&apos; per word above {value}</source>
        <translation>每词的 &apos;#&apos; 数高于 {value}</translation>
    </message>
    <message>
        <source>characters in duplicated lines above {value}</source>
        <translation>重复行中的字符比例高于 {value}</translation>
    </message>
    <message>
        <source>characters in repeated lines above {value}</source>
        <translation>重复行所含字符比例高于 {value}</translation>
    </message>
    <message>
        <source>characters in repeated paragraphs above {value}</source>
        <translation>重复段落所含字符比例高于 {value}</translation>
    </message>
    <message>
        <source>contains blocked keyword &apos;{keyword}&apos;</source>
        <translation>含有屏蔽关键词“{keyword}”</translation>
    </message>
    <message>
        <source>ellipses per word above {value}</source>
        <translation>每词的省略号数高于 {value}</translation>
    </message>
    <message>
        <source>fewer than {count} sentences</source>
        <translation>句子少于 {count} 个</translation>
    </message>
    <message>
        <source>fewer than {count} stop words</source>
        <translation>停用词少于 {count} 个</translation>
    </message>
    <message>
        <source>fewer than {count} words</source>
        <translation>少于 {count} 个词</translation>
    </message>
    <message>
        <source>language not kept ({code})</source>
        <translation>语言不在保留之列（{code}）</translation>
    </message>
    <message>
        <source>language score below {value}</source>
        <translation>语言置信度低于 {value}</translation>
    </message>
    <message>
        <source>lines ending in punctuation below {value}</source>
        <translation>以标点结尾的行比例低于 {value}</translation>
    </message>
    <message>
        <source>lines ending with an ellipsis above {value}</source>
        <translation>以省略号结尾的行比例高于 {value}</translation>
    </message>
    <message>
        <source>lines starting with a bullet above {value}</source>
        <translation>以项目符号开头的行比例高于 {value}</translation>
    </message>
    <message>
        <source>longer than {count} characters</source>
        <translation>长于 {count} 个字符</translation>
    </message>
    <message>
        <source>matches /{pattern}/</source>
        <translation>匹配 /{pattern}/</translation>
    </message>
    <message>
        <source>mean word length above {value}</source>
        <translation>平均词长高于 {value}</translation>
    </message>
    <message>
        <source>mean word length below {value}</source>
        <translation>平均词长低于 {value}</translation>
    </message>
    <message>
        <source>more than {count} personal-data items</source>
        <translation>个人信息多于 {count} 处</translation>
    </message>
    <message>
        <source>more than {count} words</source>
        <translation>多于 {count} 个词</translation>
    </message>
    <message>
        <source>newlines per word above {value}</source>
        <translation>每词的换行数高于 {value}</translation>
    </message>
    <message>
        <source>repeated lines above {value}</source>
        <translation>重复行比例高于 {value}</translation>
    </message>
    <message>
        <source>repeated paragraphs above {value}</source>
        <translation>重复段落比例高于 {value}</translation>
    </message>
    <message>
        <source>repeated {n}-gram characters above {value}</source>
        <translation>重复的 {n} 元组字符比例高于 {value}</translation>
    </message>
    <message>
        <source>short lines above {value}</source>
        <translation>短行比例高于 {value}</translation>
    </message>
    <message>
        <source>shorter than {count} characters</source>
        <translation>短于 {count} 个字符</translation>
    </message>
    <message>
        <source>step failed ({error})</source>
        <translation>步骤出错（{error}）</translation>
    </message>
    <message>
        <source>top {n}-gram characters above {value}</source>
        <translation>最常见 {n} 元组的字符比例高于 {value}</translation>
    </message>
    <message>
        <source>words with a letter below {value}</source>
        <translation>含字母的词比例低于 {value}</translation>
    </message>
</context>
<context>
    <name>CleaningSteps</name>
    <message>
        <source>C4 rules</source>
        <translation>C4 规则</translation>
    </message>
    <message>
        <source>Line rules (terminal punctuation, 3 words, JavaScript, policies) and page rules.</source>
        <translation>行规则（句末标点、至少 3 个词、JavaScript、政策声明）和页面规则。</translation>
    </message>
    <message>
        <source>Quality rules</source>
        <translation>质量规则</translation>
    </message>
    <message>
        <source>keep only terminal punct lines</source>
        <translation>只保留以句末标点结尾的行</translation>
    </message>
    <message>
        <source>min words per line</source>
        <translation>每行最少词数</translation>
    </message>
    <message>
        <source>max word length</source>
        <translation>最大词长</translation>
    </message>
    <message>
        <source>remove citations</source>
        <translation>移除引用标记</translation>
    </message>
    <message>
        <source>drop javascript lines</source>
        <translation>丢弃含 JavaScript 的行</translation>
    </message>
    <message>
        <source>drop policy lines</source>
        <translation>丢弃政策声明行</translation>
    </message>
    <message>
        <source>drop lorem ipsum</source>
        <translation>丢弃 lorem ipsum 占位文本</translation>
    </message>
    <message>
        <source>drop curly brace</source>
        <translation>丢弃含花括号的文档</translation>
    </message>
    <message>
        <source>min sentences</source>
        <translation>最少句子数</translation>
    </message>
    <message>
        <source>Bad words (C4)</source>
        <translation>不良词汇（C4）</translation>
    </message>
    <message>
        <source>Drop documents that contain a listed word.</source>
        <translation>丢弃包含列表中词语的文档。</translation>
    </message>
    <message>
        <source>words</source>
        <translation>词语</translation>
    </message>
    <message>
        <source>Spelling correction</source>
        <translation>拼写纠正</translation>
    </message>
    <message>
        <source>Replace unknown words by the most likely known word. Slow; for classifiers.</source>
        <translation>把未知词替换为最可能的已知词。速度慢；用于分类器。</translation>
    </message>
    <message>
        <source>Classic NLP (for text-classification features, not LM pretraining)</source>
        <translation>经典 NLP（用于文本分类特征，不用于语言模型预训练）</translation>
    </message>
    <message>
        <source>language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>distance</source>
        <translation>编辑距离</translation>
    </message>
    <message>
        <source>Stemming</source>
        <translation>词干提取</translation>
    </message>
    <message>
        <source>Snowball stemming; for classifier features.</source>
        <translation>Snowball 词干提取；用于分类器特征。</translation>
    </message>
    <message>
        <source>lowercase</source>
        <translation>转为小写</translation>
    </message>
    <message>
        <source>Stop-word removal</source>
        <translation>去除停用词</translation>
    </message>
    <message>
        <source>Delete common function words; for classifier features.</source>
        <translation>删除常见的功能词；用于分类器特征。</translation>
    </message>
    <message>
        <source>extra words</source>
        <translation>额外的词</translation>
    </message>
    <message>
        <source>Remove near duplicates (MinHash)</source>
        <translation>去除近似重复（MinHash）</translation>
    </message>
    <message>
        <source>Drop documents that share most of their word n-grams with an earlier one.</source>
        <translation>丢弃与之前某篇文档共享大部分词 n-gram 的文档。</translation>
    </message>
    <message>
        <source>Deduplication</source>
        <translation>去重</translation>
    </message>
    <message>
        <source>ngram</source>
        <translation>n-gram 长度</translation>
    </message>
    <message>
        <source>bands</source>
        <translation>分带数</translation>
    </message>
    <message>
        <source>rows</source>
        <translation>每带行数</translation>
    </message>
    <message>
        <source>digits to zero</source>
        <translation>数字归零</translation>
    </message>
    <message>
        <source>seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Gopher quality rules</source>
        <translation>Gopher 质量规则</translation>
    </message>
    <message>
        <source>Keep only lines ending in . ? ! or a quote (not &apos;...&apos;). FineWeb turns this off.</source>
        <translation>只保留以 . ? ! 或引号结尾的行（不含 &apos;...&apos;）。FineWeb 关闭此项。</translation>
    </message>
    <message>
        <source>Remove lines with fewer words (TFDS code uses 5).</source>
        <translation>删除词数少于此值的行（TFDS 代码用 5）。</translation>
    </message>
    <message>
        <source>Remove lines holding a word longer than this.</source>
        <translation>删除含有比此值更长的词的行。</translation>
    </message>
    <message>
        <source>Remove Wikipedia-style marks like [1], [edit], [citation needed].</source>
        <translation>删除维基百科式标记，如 [1]、[edit]、[citation needed]。</translation>
    </message>
    <message>
        <source>Remove lines mentioning &apos;javascript&apos;.</source>
        <translation>删除提到 &apos;javascript&apos; 的行。</translation>
    </message>
    <message>
        <source>Remove lines about terms of use, privacy or cookie policies.</source>
        <translation>删除关于使用条款、隐私或 Cookie 政策的行。</translation>
    </message>
    <message>
        <source>Drop the page if &apos;lorem ipsum&apos; appears in a kept line.</source>
        <translation>保留的行中出现 &apos;lorem ipsum&apos; 时丢弃整页。</translation>
    </message>
    <message>
        <source>Drop the page if a kept line holds &apos;{&apos; (code, templates).</source>
        <translation>保留的行中含有 &apos;{&apos;（代码、模板）时丢弃整页。</translation>
    </message>
    <message>
        <source>Drop the page if fewer sentences are left (TFDS code uses 3). 0 turns it off.</source>
        <translation>剩余句子少于此值时丢弃整页（TFDS 代码用 3）。0 表示关闭。</translation>
    </message>
    <message>
        <source>Words that drop a document (whole words, case-insensitive; CJK words match anywhere).</source>
        <translation>出现即丢弃文档的词（整词匹配，不区分大小写；中日韩词在任意位置匹配）。</translation>
    </message>
    <message>
        <source>Dictionary: en, es, fr, it, de, pt, ru, ar, lv, eu, nl, fa.</source>
        <translation>词典：en、es、fr、it、de、pt、ru、ar、lv、eu、nl、fa。</translation>
    </message>
    <message>
        <source>Largest edit distance tried (2 is much slower).</source>
        <translation>尝试的最大编辑距离（2 会慢得多）。</translation>
    </message>
    <message>
        <source>Snowball language name, e.g. english, german, french.</source>
        <translation>Snowball 语言名，例如 english、german、french。</translation>
    </message>
    <message>
        <source>Lower-case words before stemming.</source>
        <translation>词干提取前先把词转成小写。</translation>
    </message>
    <message>
        <source>Language code of the stop-word list, e.g. en, de, fr, es.</source>
        <translation>停用词表的语言代码，例如 en、de、fr、es。</translation>
    </message>
    <message>
        <source>More words to remove.</source>
        <translation>要额外删除的词。</translation>
    </message>
    <message>
        <source>Word count, word length, symbols, bullets, ellipses, letters and stop words.</source>
        <translation>词数、词长、符号、项目符号、省略号、字母和停用词。</translation>
    </message>
    <message>
        <source>min words</source>
        <translation>最少词数</translation>
    </message>
    <message>
        <source>Drop documents with fewer words (punctuation-only tokens not counted).</source>
        <translation>丢弃词数少于此值的文档（只含标点的词元不计）。</translation>
    </message>
    <message>
        <source>max words</source>
        <translation>最多词数</translation>
    </message>
    <message>
        <source>Drop documents with more words.</source>
        <translation>丢弃词数多于此值的文档。</translation>
    </message>
    <message>
        <source>min mean word length</source>
        <translation>最小平均词长</translation>
    </message>
    <message>
        <source>Drop if the mean word length is below this (not applied to CJK text).</source>
        <translation>平均词长低于此值时丢弃（不用于中日韩文本）。</translation>
    </message>
    <message>
        <source>max mean word length</source>
        <translation>最大平均词长</translation>
    </message>
    <message>
        <source>Drop if the mean word length is above this (not applied to CJK text).</source>
        <translation>平均词长高于此值时丢弃（不用于中日韩文本）。</translation>
    </message>
    <message>
        <source>max symbol word ratio</source>
        <translation>符号与词的最大比例</translation>
    </message>
    <message>
        <source>Drop if &apos;#&apos; per word, or &apos;...&apos;/&apos;…&apos; per word, is above this.</source>
        <translation>每词的 &apos;#&apos; 数或 &apos;...&apos;/&apos;…&apos; 数高于此值时丢弃。</translation>
    </message>
    <message>
        <source>max bullet lines ratio</source>
        <translation>项目符号行的最大比例</translation>
    </message>
    <message>
        <source>Drop if more than this fraction of lines start with a bullet (• or -).</source>
        <translation>以项目符号（• 或 -）开头的行所占比例高于此值时丢弃。</translation>
    </message>
    <message>
        <source>max ellipsis lines ratio</source>
        <translation>省略号结尾行的最大比例</translation>
    </message>
    <message>
        <source>Drop if more than this fraction of lines end with an ellipsis.</source>
        <translation>以省略号结尾的行所占比例高于此值时丢弃。</translation>
    </message>
    <message>
        <source>min alpha words ratio</source>
        <translation>含字母词的最小比例</translation>
    </message>
    <message>
        <source>Drop if fewer than this fraction of words contain a letter.</source>
        <translation>含字母的词所占比例低于此值时丢弃。</translation>
    </message>
    <message>
        <source>min stop words</source>
        <translation>最少停用词数</translation>
    </message>
    <message>
        <source>Drop if fewer than this many distinct stop words appear (English only; not applied to CJK text).</source>
        <translation>出现的不同停用词少于此数时丢弃（仅英文；不用于中日韩文本）。</translation>
    </message>
    <message>
        <source>stop words</source>
        <translation>停用词</translation>
    </message>
    <message>
        <source>The stop words (case-sensitive, as in datatrove and Dolma).</source>
        <translation>停用词（区分大小写，与 datatrove 和 Dolma 相同）。</translation>
    </message>
    <message>
        <source>Gopher repetition rules</source>
        <translation>Gopher 重复规则</translation>
    </message>
    <message>
        <source>Duplicate lines and paragraphs, and repeated word n-grams.</source>
        <translation>重复的行和段落，以及重复的词 n-gram。</translation>
    </message>
    <message>
        <source>max dup line fraction</source>
        <translation>重复行的最大比例</translation>
    </message>
    <message>
        <source>Drop if more than this fraction of lines are repeats.</source>
        <translation>重复行所占比例高于此值时丢弃。</translation>
    </message>
    <message>
        <source>max dup paragraph fraction</source>
        <translation>重复段落的最大比例</translation>
    </message>
    <message>
        <source>Drop if more than this fraction of paragraphs are repeats.</source>
        <translation>重复段落所占比例高于此值时丢弃。</translation>
    </message>
    <message>
        <source>max dup line chars</source>
        <translation>重复行字符的最大比例</translation>
    </message>
    <message>
        <source>Drop if repeated lines hold more than this fraction of characters.</source>
        <translation>重复行所含字符比例高于此值时丢弃。</translation>
    </message>
    <message>
        <source>max dup paragraph chars</source>
        <translation>重复段落字符的最大比例</translation>
    </message>
    <message>
        <source>Drop if repeated paragraphs hold more than this fraction of characters.</source>
        <translation>重复段落所含字符比例高于此值时丢弃。</translation>
    </message>
    <message>
        <source>top ngram chars</source>
        <translation>最高频 n-gram 字符比例</translation>
    </message>
    <message>
        <source>For 2-, 3- and 4-grams: drop if the most frequent n-gram covers more than this fraction of characters.</source>
        <translation>对 2、3、4 元组：最常见的 n 元组覆盖的字符比例高于此值时丢弃。</translation>
    </message>
    <message>
        <source>dup ngram chars</source>
        <translation>重复 n-gram 字符比例</translation>
    </message>
    <message>
        <source>For 5- to 10-grams: drop if repeated n-grams cover more than this fraction of characters.</source>
        <translation>对 5 到 10 元组：重复的 n 元组覆盖的字符比例高于此值时丢弃。</translation>
    </message>
    <message>
        <source>FineWeb rules</source>
        <translation>FineWeb 规则</translation>
    </message>
    <message>
        <source>Punctuated lines, short lines, duplicated lines and newlines per word.</source>
        <translation>有标点的行、短行、重复行以及每词换行数。</translation>
    </message>
    <message>
        <source>min punct lines</source>
        <translation>有标点行的最小比例</translation>
    </message>
    <message>
        <source>Drop if fewer than this fraction of lines end in terminal punctuation.</source>
        <translation>以句末标点结尾的行所占比例低于此值时丢弃。</translation>
    </message>
    <message>
        <source>max short lines</source>
        <translation>短行的最大比例</translation>
    </message>
    <message>
        <source>Drop if more than this fraction of lines are short.</source>
        <translation>短行所占比例高于此值时丢弃。</translation>
    </message>
    <message>
        <source>short line chars</source>
        <translation>短行的字符数上限</translation>
    </message>
    <message>
        <source>A line this many characters long or shorter is short.</source>
        <translation>字符数不超过此值的行算作短行。</translation>
    </message>
    <message>
        <source>Drop if characters in duplicated lines are above this fraction (code default; the blog quotes 0.1).</source>
        <translation>重复行中的字符比例高于此值时丢弃（代码中的默认值；博客中写的是 0.1）。</translation>
    </message>
    <message>
        <source>max newlines per word</source>
        <translation>每词最多换行数</translation>
    </message>
    <message>
        <source>Drop if there are more newlines per word than this (lists).</source>
        <translation>每词的换行数高于此值时丢弃（列表）。</translation>
    </message>
    <message>
        <source>Language filter</source>
        <translation>语言过滤</translation>
    </message>
    <message>
        <source>Keep documents whose main language is in a list (CLD2, no download).</source>
        <translation>保留主要语言在列表中的文档（CLD2，无需下载）。</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>keep</source>
        <translation>保留语言</translation>
    </message>
    <message>
        <source>ISO 639-1 codes to keep, e.g. en, de, zh, ja. Empty keeps every language.</source>
        <translation>要保留的 ISO 639-1 语言代码，例如 en、de、zh、ja。留空则保留所有语言。</translation>
    </message>
    <message>
        <source>min score</source>
        <translation>最低置信度</translation>
    </message>
    <message>
        <source>Drop when less than this fraction of the text is in the detected language.</source>
        <translation>检测到的语言在文本中所占比例低于此值时丢弃。</translation>
    </message>
    <message>
        <source>Personal data (PII)</source>
        <translation>个人信息（PII）</translation>
    </message>
    <message>
        <source>Emails, phone numbers, IP addresses, Luhn-checked card numbers.</source>
        <translation>电子邮件、电话号码、IP 地址、经 Luhn 校验的卡号。</translation>
    </message>
    <message>
        <source>Privacy</source>
        <translation>隐私</translation>
    </message>
    <message>
        <source>emails</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <source>Find email addresses.</source>
        <translation>查找电子邮件地址。</translation>
    </message>
    <message>
        <source>phone numbers</source>
        <translation>电话号码</translation>
    </message>
    <message>
        <source>Find phone numbers.</source>
        <translation>查找电话号码。</translation>
    </message>
    <message>
        <source>ip addresses</source>
        <translation>IP 地址</translation>
    </message>
    <message>
        <source>Find IPv4 addresses.</source>
        <translation>查找 IPv4 地址。</translation>
    </message>
    <message>
        <source>only public ips</source>
        <translation>仅公网 IP</translation>
    </message>
    <message>
        <source>Leave private, loopback and reserved addresses (192.168.x.x, 127.0.0.1).</source>
        <translation>保留私有、环回和保留地址（192.168.x.x、127.0.0.1）。</translation>
    </message>
    <message>
        <source>credit cards</source>
        <translation>信用卡号</translation>
    </message>
    <message>
        <source>Find 13-19 digit numbers that pass the Luhn check.</source>
        <translation>查找通过 Luhn 校验的 13 到 19 位数字。</translation>
    </message>
    <message>
        <source>drop above</source>
        <translation>超过此数量则丢弃</translation>
    </message>
    <message>
        <source>Drop the document when it holds more than this many items (0 never drops).</source>
        <translation>文档中此类信息多于此数时丢弃文档（0 表示从不丢弃）。</translation>
    </message>
    <message>
        <source>placeholder</source>
        <translation>替换占位符</translation>
    </message>
    <message>
        <source>Replacement text; {KIND} becomes EMAIL_ADDRESS, PHONE_NUMBER, IP_ADDRESS or CREDIT_CARD.</source>
        <translation>替换文本；{KIND} 会换成 EMAIL_ADDRESS、PHONE_NUMBER、IP_ADDRESS 或 CREDIT_CARD。</translation>
    </message>
    <message>
        <source>Regular expression</source>
        <translation>正则表达式</translation>
    </message>
    <message>
        <source>Drop documents that match, or replace the matches.</source>
        <translation>丢弃匹配的文档，或替换匹配的内容。</translation>
    </message>
    <message>
        <source>Custom rules</source>
        <translation>自定义规则</translation>
    </message>
    <message>
        <source>patterns</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>Python regular expressions, one per entry.</source>
        <translation>Python 正则表达式，每项一个。</translation>
    </message>
    <message>
        <source>action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>drop: remove matching documents; replace: substitute each match.</source>
        <translation>drop：删除匹配的文档；replace：替换每处匹配。</translation>
    </message>
    <message>
        <source>replacement</source>
        <translation>替换为</translation>
    </message>
    <message>
        <source>Text put in place of each match (\1 refers to a group).</source>
        <translation>用来替换每处匹配的文本（\1 表示一个分组）。</translation>
    </message>
    <message>
        <source>ignore case</source>
        <translation>忽略大小写</translation>
    </message>
    <message>
        <source>Match regardless of case.</source>
        <translation>匹配时不区分大小写。</translation>
    </message>
    <message>
        <source>Keyword blocklist</source>
        <translation>关键词黑名单</translation>
    </message>
    <message>
        <source>Drop documents containing a listed keyword or phrase.</source>
        <translation>丢弃包含列表中关键词或短语的文档。</translation>
    </message>
    <message>
        <source>keywords</source>
        <translation>关键词</translation>
    </message>
    <message>
        <source>Keywords or phrases; a document containing any is dropped.</source>
        <translation>关键词或短语；含有其中任何一个的文档会被丢弃。</translation>
    </message>
    <message>
        <source>Remove exact duplicates</source>
        <translation>去除完全重复</translation>
    </message>
    <message>
        <source>Keep the first of documents whose text is identical after normalising.</source>
        <translation>规范化后文本相同的文档只保留第一篇。</translation>
    </message>
    <message>
        <source>ignore case and spaces</source>
        <translation>忽略大小写和空白</translation>
    </message>
    <message>
        <source>Compare lower-cased text with whitespace collapsed, so copies that differ only in case or spacing count as the same.</source>
        <translation>比较转成小写并合并空白后的文本，因此只在大小写或空格上不同的副本视为相同。</translation>
    </message>
    <message>
        <source>Minimum length</source>
        <translation>最小长度</translation>
    </message>
    <message>
        <source>Drop documents shorter than a number of characters.</source>
        <translation>丢弃字符数少于给定值的文档。</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>长度</translation>
    </message>
    <message>
        <source>min chars</source>
        <translation>最少字符数</translation>
    </message>
    <message>
        <source>Drop documents with fewer characters.</source>
        <translation>丢弃字符数少于此值的文档。</translation>
    </message>
    <message>
        <source>Maximum length / chunking</source>
        <translation>最大长度 / 分块</translation>
    </message>
    <message>
        <source>Split, truncate or drop documents longer than a limit.</source>
        <translation>对超过上限的文档进行切分、截断或丢弃。</translation>
    </message>
    <message>
        <source>max chars</source>
        <translation>最多字符数</translation>
    </message>
    <message>
        <source>Longest document, in characters.</source>
        <translation>文档的最大长度（字符数）。</translation>
    </message>
    <message>
        <source>split: into chunks at paragraph boundaries; truncate: keep the start; drop: remove.</source>
        <translation>split：在段落边界处切成几块；truncate：只保留开头；drop：删除。</translation>
    </message>
    <message>
        <source>Words per shingle. Shorter shingles catch looser copies. Measured on 4,483 real documents with 230 planted near copies at 14 x 8: 4-grams (default) caught 89.1% of them and removed 290 unplanted documents (precision 98.3%: removals sharing at least half their shingles with the kept document); FineWeb&apos;s 5-grams caught 76.5% and removed 294 (97.8%); 3-grams 93.5% and 301.</source>
        <translation>每个片段（shingle）的词数。片段越短，越能发现改动较多的副本。在 4,483 篇真实文档中放入 230 篇近似副本，以 14 x 8 测得：4 元组（默认）找出其中 89.1%，并删除了 290 篇非放入的文档（精确率 98.3%：被删除文档与保留文档至少共享一半片段）；FineWeb 的 5 元组找出 76.5%，删除 294 篇（97.8%）；3 元组找出 93.5%，删除 301 篇。</translation>
    </message>
    <message>
        <source>LSH bands. More bands catch pairs of lower similarity.</source>
        <translation>LSH 分带数。分带越多，越能发现相似度较低的文档对。</translation>
    </message>
    <message>
        <source>Hashes per band. More rows demand higher similarity. With 4-grams, 7 rows (14 x 7, ~Jaccard 0.69) caught 93.0% of planted near copies but removed 336 unplanted documents instead of 290.</source>
        <translation>每个分带的哈希数。行数越多，要求的相似度越高。用 4 元组时，7 行（14 x 7，约 Jaccard 0.69）找出了 93.0% 的放入的近似副本，但删除了 336 篇而不是 290 篇非放入的文档。</translation>
    </message>
    <message>
        <source>Treat all digits alike (datatrove does; it also merges tables that differ only in their numbers).</source>
        <translation>把所有数字视为相同（datatrove 也这样做；这也会合并只在数字上不同的表格）。</translation>
    </message>
    <message>
        <source>Seed of the hash functions.</source>
        <translation>哈希函数的随机种子。</translation>
    </message>
    <message>
        <source>Normalise text</source>
        <translation>文本规范化</translation>
    </message>
    <message>
        <source>Repair mojibake, normalise Unicode, whitespace, line endings and markup.</source>
        <translation>修复乱码，规范化 Unicode、空白、换行符和标记。</translation>
    </message>
    <message>
        <source>Normalisation</source>
        <translation>规范化</translation>
    </message>
    <message>
        <source>fix mojibake</source>
        <translation>修复乱码</translation>
    </message>
    <message>
        <source>Repair text decoded with the wrong encoding (ftfy, encoding fixes only).</source>
        <translation>修复用错误编码解码的文本（ftfy，只修复编码）。</translation>
    </message>
    <message>
        <source>form</source>
        <translation>Unicode 范式</translation>
    </message>
    <message>
        <source>Unicode normal form: NFC keeps compatibility characters, NFKC folds them (e.g. full-width letters).</source>
        <translation>Unicode 规范化形式：NFC 保留兼容字符，NFKC 将其折叠（例如全角字母）。</translation>
    </message>
    <message>
        <source>remove control</source>
        <translation>移除控制字符</translation>
    </message>
    <message>
        <source>Remove control and zero-width characters (keeps tabs and newlines).</source>
        <translation>删除控制字符和零宽字符（保留制表符和换行）。</translation>
    </message>
    <message>
        <source>collapse whitespace</source>
        <translation>合并空白</translation>
    </message>
    <message>
        <source>Collapse runs of spaces, strip lines, keep at most one blank line.</source>
        <translation>合并连续空格，去掉行首尾空白，最多保留一个空行。</translation>
    </message>
    <message>
        <source>Lower-case everything (usually off for language models).</source>
        <translation>全部转成小写（语言模型通常关闭此项）。</translation>
    </message>
    <message>
        <source>strip html</source>
        <translation>去除 HTML</translation>
    </message>
    <message>
        <source>Remove HTML tags (script and style blocks whole) and decode entities like &amp;amp;.</source>
        <translation>删除 HTML 标签（script 和 style 块整块删除），并解码 &amp;amp; 之类的实体。</translation>
    </message>
</context>
<context>
    <name>ConfusionHeatmap</name>
    <message>
        <source>true: {0}</source>
        <translation>真实：{0}</translation>
    </message>
    <message>
        <source>predicted: {0}</source>
        <translation>预测：{0}</translation>
    </message>
    <message numerus="yes">
        <source>%Ln document(s) labelled {true} were predicted {predicted}</source>
        <translation>
            <numerusform>%Ln 篇标注为 {true} 的文档被预测为 {predicted}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CoreMessages</name>
    <message>
        <source>{key} must be a whole number, not {value}</source>
        <translation>{key} 必须是整数，而不是 {value}。</translation>
    </message>
    <message>
        <source>{key} must be at least {minimum}, not {value}</source>
        <translation>{key} 至少应为 {minimum}，而不是 {value}。</translation>
    </message>
    <message>
        <source>{key} must be positive, not {value}</source>
        <translation>{key} 必须大于 0，而不是 {value}。</translation>
    </message>
    <message>
        <source>{key} must be in [0, 1), not {value}</source>
        <translation>{key} 必须在 [0, 1) 之内，而不是 {value}。</translation>
    </message>
    <message>
        <source>{key} must be one of {choices}, not {value}</source>
        <translation>{key} 必须是 {choices} 之一，而不是 {value}。</translation>
    </message>
    <message>
        <source>{key} must be &gt;= 0</source>
        <translation>{key} 必须 &gt;= 0。</translation>
    </message>
    <message>
        <source>model.n_head ({n_head}) must divide model.d_model ({d_model}); try n_head {options}</source>
        <translation>model.n_head（{n_head}）必须能整除 model.d_model（{d_model}）；可试试 n_head 取 {options}。</translation>
    </message>
    <message>
        <source>model.n_kv_head ({n_kv_head}) must divide model.n_head ({n_head})</source>
        <translation>model.n_kv_head（{n_kv_head}）必须能整除 model.n_head（{n_head}）。</translation>
    </message>
    <message>
        <source>model.n_kv_head must be &gt;= 0 (0 = same as n_head)</source>
        <translation>model.n_kv_head 必须 &gt;= 0（0 表示与 n_head 相同）。</translation>
    </message>
    <message>
        <source>model.mlp_width must be &gt;= 0 (0 = from mlp_ratio), not {value}</source>
        <translation>model.mlp_width 必须 &gt;= 0（0 表示由 mlp_ratio 得出），而不是 {value}。</translation>
    </message>
    <message>
        <source>model.norm_eps must be in [0, 1) (0 = default), not {value}</source>
        <translation>model.norm_eps 必须在 [0, 1) 之内（0 表示默认值），而不是 {value}。</translation>
    </message>
    <message>
        <source>rope needs an even head size; d_model/n_head is {size}</source>
        <translation>rope 需要偶数的注意力头维度；d_model/n_head 为 {size}。</translation>
    </message>
    <message>
        <source>train.threads must be &gt;= 0 (0 = automatic)</source>
        <translation>train.threads 必须 &gt;= 0（0 表示自动）。</translation>
    </message>
    <message>
        <source>train.grad_clip must be &gt;= 0 (0 = off)</source>
        <translation>train.grad_clip 必须 &gt;= 0（0 表示关闭）。</translation>
    </message>
    <message>
        <source>train.token_budget must be &gt;= 0 (0 = train for train.max_steps)</source>
        <translation>train.token_budget 必须 &gt;= 0（0 表示按 train.max_steps 训练）。</translation>
    </message>
    <message>
        <source>train.min_lr must be between 0 and train.lr ({lr}), not {value}</source>
        <translation>train.min_lr 必须在 0 和 train.lr（{lr}）之间，而不是 {value}。</translation>
    </message>
    <message>
        <source>train.beta1 and train.beta2 must be in [0, 1)</source>
        <translation>train.beta1 和 train.beta2 必须在 [0, 1) 之内。</translation>
    </message>
    <message>
        <source>{key} expects a number, not {value}</source>
        <translation>{key} 需要一个数字，而不是 {value}。</translation>
    </message>
    <message>
        <source>{key} must be true or false, not {value}</source>
        <translation>{key} 必须是 true（是）或 false（否），而不是 {value}。</translation>
    </message>
    <message>
        <source>{key} expects a {kind}, not {value}</source>
        <translation>{key} 需要 {kind} 类型的值，而不是 {value}。</translation>
    </message>
    <message>
        <source>unknown setting {key}; did you mean {guess}? (all settings: docs/settings.md)</source>
        <translation>没有名为 {key} 的设置；您是想用 {guess} 吗？（全部设置见 docs/settings.md）</translation>
    </message>
    <message>
        <source>unknown setting {key} (all settings: docs/settings.md)</source>
        <translation>没有名为 {key} 的设置（全部设置见 docs/settings.md）</translation>
    </message>
    <message>
        <source>{path} is not an llmstudio project (no {file}); create one with File &gt; New project</source>
        <translation>{path} 不是 llmstudio 项目（没有 {file}）；请用“文件 &gt; 新建项目”创建一个。</translation>
    </message>
    <message>
        <source>{path} does not exist; create one with File &gt; New project</source>
        <translation>{path} 不存在；请用“文件 &gt; 新建项目”创建一个。</translation>
    </message>
    <message>
        <source>{path} is a file, not a project folder</source>
        <translation>{path} 是一个文件，不是项目文件夹。</translation>
    </message>
    <message>
        <source>a schema named &apos;{name}&apos; already exists; pick another name</source>
        <translation>已有名为“{name}”的标注方案；请换一个名字。</translation>
    </message>
    <message>
        <source>a label schema needs a name (for example &apos;sentiment&apos;)</source>
        <translation>标注方案需要一个名字（例如“sentiment”）。</translation>
    </message>
    <message>
        <source>a label needs a name; empty label names are not allowed</source>
        <translation>标签需要一个名字；不允许空的标签名。</translation>
    </message>
    <message>
        <source>the label &apos;{name}&apos; appears twice; label names must be unique</source>
        <translation>标签“{name}”出现了两次；标签名不能重复。</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; already exists in &apos;{schema}&apos;; merge the labels instead</source>
        <translation>“{name}”已存在于“{schema}”中；请改为合并这两个标签。</translation>
    </message>
    <message>
        <source>the shortcut &apos;{key}&apos; already belongs to &apos;{label}&apos;; choose another key</source>
        <translation>快捷键“{key}”已分配给“{label}”；请换一个键。</translation>
    </message>
    <message>
        <source>a label cannot be merged into itself; pick two different labels</source>
        <translation>标签不能合并到自身；请选两个不同的标签。</translation>
    </message>
    <message>
        <source>ratios must be numbers like 0.8,0.1,0.1, not &apos;{text}&apos;</source>
        <translation>比例必须是像 0.8,0.1,0.1 这样的数字，而不是“{text}”。</translation>
    </message>
    <message>
        <source>give three non-negative ratios for train,validation,test (e.g. 0.8,0.1,0.1), not &apos;{text}&apos;</source>
        <translation>请给出训练、验证、测试三个非负比例（例如 0.8,0.1,0.1），而不是“{text}”。</translation>
    </message>
    <message>
        <source>this project has no documents to split; import some text first</source>
        <translation>此项目没有可划分的文档；请先导入一些文本。</translation>
    </message>
    <message>
        <source>the loss became {loss} at step {step}; the run stopped: resume from the last good checkpoint with a lower train.lr (for example {lr}): in the app, Resume at lower LR</source>
        <translation>损失在第 {step} 步变成了 {loss}，运行已停止：请从最后一个正常的检查点以更低的 train.lr（例如 {lr}）继续训练：在本程序中点击“以更低学习率继续…”</translation>
    </message>
    <message>
        <source>the loss became {loss} at step {step}; the run stopped: no checkpoint was saved yet; start a new run with a lower train.lr (for example {lr})</source>
        <translation>损失在第 {step} 步变成了 {loss}，运行已停止：尚未保存检查点；请以更低的 train.lr（例如 {lr}）开始新的运行</translation>
    </message>
    <message>
        <source>CPU ({count} cores)</source>
        <translation>CPU（{count} 核）</translation>
    </message>
    <message>
        <source>train.warmup_steps ({warmup}) is as long as the run (train.max_steps {steps}): the learning rate never reaches train.lr; lower train.warmup_steps (about 5-10% of the steps)</source>
        <translation>train.warmup_steps（{warmup}）不短于整个运行（train.max_steps {steps}）：学习率永远达不到 train.lr；请调低 train.warmup_steps（约为步数的 5-10%）</translation>
    </message>
    <message>
        <source> or </source>
        <translation> 或 </translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
</context>
<context>
    <name>CoreProgress</name>
    <message>
        <source>{name} · {rate} MB/s · {minutes}:{seconds} left</source>
        <translation>{name} · {rate} MB/s · 剩余 {minutes}:{seconds}</translation>
    </message>
    <message>
        <source>imported {documents} documents from {files} files</source>
        <translation>已从 {files} 个文件导入 {documents} 篇文档</translation>
    </message>
    <message>
        <source>previewing {name}</source>
        <translation>正在预览 {name}</translation>
    </message>
    <message>
        <source>preview ready</source>
        <translation>预览就绪</translation>
    </message>
    <message>
        <source>indexed {done} of {total} documents for search</source>
        <translation>已为搜索索引 {done} / {total} 篇文档</translation>
    </message>
    <message>
        <source>cleaned {done} of {total} documents ({rate} docs/s)</source>
        <translation>已清洗 {done} / {total} 篇文档（每秒 {rate} 篇）</translation>
    </message>
    <message>
        <source>previewed {done} of {total} documents</source>
        <translation>已预览 {done} / {total} 篇文档</translation>
    </message>
    <message>
        <source>training the tokenizer</source>
        <translation>正在训练分词器</translation>
    </message>
    <message>
        <source>encoding document {done} of {total}</source>
        <translation>正在编码第 {done} / {total} 篇文档</translation>
    </message>
    <message>
        <source>tokenizer ready: {vocab} tokens, {train} train / {val} val tokens</source>
        <translation>分词器就绪：词表 {vocab} 个词元，训练集 {train} / 验证集 {val} 个词元</translation>
    </message>
    <message>
        <source>grouping duplicates</source>
        <translation>正在归并重复文档</translation>
    </message>
    <message>
        <source>writing splits</source>
        <translation>正在写入数据划分</translation>
    </message>
    <message>
        <source>split done</source>
        <translation>划分完成</translation>
    </message>
    <message>
        <source>exporting &apos;{schema}&apos;</source>
        <translation>正在导出“{schema}”</translation>
    </message>
    <message>
        <source>exported {rows} rows</source>
        <translation>已导出 {rows} 行</translation>
    </message>
    <message>
        <source>checking {rows} rows</source>
        <translation>正在检查 {rows} 行</translation>
    </message>
    <message>
        <source>imported {count} labels</source>
        <translation>已导入 {count} 个标签</translation>
    </message>
    <message>
        <source>labels imported</source>
        <translation>标签已导入</translation>
    </message>
    <message>
        <source>step {step}/{steps} loss {loss}</source>
        <translation>第 {step}/{steps} 步，损失 {loss}</translation>
    </message>
    <message>
        <source>trained {steps} steps</source>
        <translation>已训练 {steps} 步</translation>
    </message>
    <message>
        <source>stopped at step {step}; resume to continue</source>
        <translation>在第 {step} 步停止；可继续训练</translation>
    </message>
    <message>
        <source>stopped early at step {step}: val loss did not improve for {count} evaluations</source>
        <translation>在第 {step} 步提前停止：验证损失连续 {count} 次评估没有改善</translation>
    </message>
    <message>
        <source>stopped early at step {step}: validation macro-F1 did not improve for {count} evaluations</source>
        <translation>在第 {step} 步提前停止：验证集宏平均 F1 连续 {count} 次评估没有提高</translation>
    </message>
    <message>
        <source>stopped early at step {step}: held-out pair accuracy did not improve for {count} evaluations</source>
        <translation>在第 {step} 步提前停止：留出偏好对准确率连续 {count} 次评估没有提高</translation>
    </message>
    <message>
        <source>already trained {step} of {steps} steps; nothing to do (raise train.max_steps, or continue for more steps)</source>
        <translation>已训练 {step}/{steps} 步；无需再训练（请调高 train.max_steps，或继续训练更多步）</translation>
    </message>
    <message>
        <source>already trained {step} of {steps} steps; nothing to do (raise rl.max_steps to train longer)</source>
        <translation>已训练 {step}/{steps} 步；无需再训练（请调高 rl.max_steps 以训练更久）</translation>
    </message>
    <message>
        <source>torch.compile failed ({error}), so the run trained without it</source>
        <translation>torch.compile 失败（{error}），因此本次运行未使用编译</translation>
    </message>
    <message>
        <source>out of memory at step {step} with a micro-batch of {micro}: continued with train.batch_size={batch} and train.grad_accum={accum} (the same {total} sequences per step)</source>
        <translation>第 {step} 步时微批次为 {micro} 导致内存不足：已改用 train.batch_size={batch} 和 train.grad_accum={accum} 继续（每步仍为 {total} 个序列）</translation>
    </message>
    <message>
        <source>test macro-F1 {f1}, accuracy {accuracy} (baseline macro-F1 {baseline})</source>
        <translation>测试集宏平均 F1 {f1}，准确率 {accuracy}（基线宏平均 F1 {baseline}）</translation>
    </message>
    <message>
        <source>test macro-F1 {f1}, accuracy {accuracy}</source>
        <translation>测试集宏平均 F1 {f1}，准确率 {accuracy}</translation>
    </message>
    <message>
        <source>held-out reward {start} -&gt; {end} at KL {kl}</source>
        <translation>留出集奖励 {start} → {end}，KL 为 {kl}</translation>
    </message>
    <message>
        <source>held-out pair accuracy {accuracy} over {count} pairs (best checkpoint, Bradley-Terry loss {loss}; {train} training pairs)</source>
        <translation>留出集偏好对准确率 {accuracy}（共 {count} 对；最佳检查点，Bradley-Terry 损失 {loss}；{train} 个训练偏好对）</translation>
    </message>
    <message>
        <source>encoding the labelled documents</source>
        <translation>正在编码已标注的文档</translation>
    </message>
    <message>
        <source>evaluating the best checkpoint</source>
        <translation>正在评估最佳检查点</translation>
    </message>
    <message>
        <source>training the TF-IDF + logistic regression baseline</source>
        <translation>正在训练 TF-IDF + 逻辑回归基线</translation>
    </message>
    <message>
        <source>predicting every document for the Label panel</source>
        <translation>正在为“标注”面板预测每篇文档</translation>
    </message>
    <message>
        <source>encoding the preference pairs</source>
        <translation>正在编码偏好对</translation>
    </message>
    <message>
        <source>scoring the reference model on the held-out prompts</source>
        <translation>正在用留出提示词为参考模型打分</translation>
    </message>
    <message>
        <source>computing the reference model&apos;s log-probabilities of the pairs (once)</source>
        <translation>正在计算参考模型对偏好对的对数概率（只算一次）</translation>
    </message>
    <message>
        <source>loading run {run}</source>
        <translation>正在加载运行 {run}</translation>
    </message>
    <message>
        <source>sampling prompt {done} of {total}</source>
        <translation>正在采样第 {done} / {total} 个提示词</translation>
    </message>
    <message>
        <source>added {count} pairs to &apos;{schema}&apos;</source>
        <translation>已向“{schema}”添加 {count} 个偏好对</translation>
    </message>
    <message>
        <source>evaluating run {run} on {count} {split} tokens</source>
        <translation>正在用 {count} 个{split}词元评估运行 {run}</translation>
    </message>
    <message>
        <source>scored {done} of {total} tokens</source>
        <translation>已打分 {done} / {total} 个词元</translation>
    </message>
    <message>
        <source>{split} loss {loss}, perplexity {perplexity}</source>
        <translation>{split}损失 {loss}，困惑度 {perplexity}</translation>
    </message>
    <message>
        <source>lr {lr}: loss {loss}</source>
        <translation>学习率 {lr}：损失 {loss}</translation>
    </message>
    <message>
        <source>sweep {sweep} trial {trial}: run {run} with {settings}</source>
        <translation>扫描 {sweep} 试验 {trial}：运行 {run}，设置 {settings}</translation>
    </message>
    <message>
        <source>reading the checkpoint</source>
        <translation>正在读取检查点</translation>
    </message>
    <message>
        <source>writing the weights</source>
        <translation>正在写入权重</translation>
    </message>
    <message>
        <source>writing the tokenizer</source>
        <translation>正在写入分词器</translation>
    </message>
    <message>
        <source>writing the checkpoint</source>
        <translation>正在写入检查点</translation>
    </message>
    <message>
        <source>adding {name}</source>
        <translation>正在添加 {name}</translation>
    </message>
    <message>
        <source>checking the {area}</source>
        <translation>正在检查{area}</translation>
    </message>
    <message>
        <source>checked {done} of {total} documents</source>
        <translation>已检查 {done} / {total} 篇文档</translation>
    </message>
    <message>
        <source>{count} problems found</source>
        <translation>发现 {count} 个问题</translation>
    </message>
    <message>
        <source>no problems found</source>
        <translation>未发现问题</translation>
    </message>
    <message>
        <source>demo complete</source>
        <translation>演示完成</translation>
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
        <source>TensorBoard…</source>
        <translation>TensorBoard…</translation>
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
        <source>{run} ({status}, step {step})</source>
        <translation>{run}（{status}，第 {step} 步）</translation>
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
        <translation>llmstudio 曲线</translation>
    </message>
    <message>
        <source>Export the ticked runs for TensorBoard</source>
        <translation>把勾选的运行导出给 TensorBoard</translation>
    </message>
    <message>
        <source>TensorBoard export</source>
        <translation>导出到 TensorBoard</translation>
    </message>
    <message>
        <source>Wrote {0} run(s); view with: tensorboard --logdir {1}</source>
        <translation>已写出 {0} 个运行；查看方式：tensorboard --logdir {1}</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
</context>
<context>
    <name>DataclassForm</name>
    <message>
        <source>Choices: {values}</source>
        <translation>可选值：{values}</translation>
    </message>
    <message>
        <source>Range: {low} to {high}</source>
        <translation>范围：{low} 到 {high}</translation>
    </message>
    <message>
        <source>At least {low}</source>
        <translation>至少 {low}</translation>
    </message>
    <message>
        <source>At most {high}</source>
        <translation>至多 {high}</translation>
    </message>
    <message>
        <source>Default: {value}</source>
        <translation>默认值：{value}</translation>
    </message>
    <message>
        <source>From: {source}</source>
        <translation>来源：{source}</translation>
    </message>
    <message>
        <source>Setting: {key}</source>
        <translation>设置项：{key}</translation>
    </message>
</context>
<context>
    <name>DiffView</name>
    <message>
        <source>Choose a document to compare its original and cleaned text.</source>
        <translation>选择一篇文档，对比其原始文本和清洗后的文本。</translation>
    </message>
</context>
<context>
    <name>DocumentBrowserView</name>
    <message>
        <source>Search the text (words, &quot;a phrase&quot;, prefix*)… then Enter</source>
        <translation>搜索文本（词语、&quot;短语&quot;、前缀*）…然后按回车</translation>
    </message>
    <message>
        <source>Full-text search: words, &quot;a phrase&quot; or prefix*; press Enter</source>
        <translation>全文搜索：词语、&quot;短语&quot;或前缀*；按回车搜索</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>« First</source>
        <translation>« 首页</translation>
    </message>
    <message>
        <source>‹ Previous</source>
        <translation>‹ 上一页</translation>
    </message>
    <message>
        <source>Next ›</source>
        <translation>下一页 ›</translation>
    </message>
    <message>
        <source>Last »</source>
        <translation>末页 »</translation>
    </message>
    <message>
        <source>Go to page</source>
        <translation>跳转到页</translation>
    </message>
    <message>
        <source>id</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>origin</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>In all documents:</source>
        <translation>在全部文档中：</translation>
    </message>
    <message>
        <source>In source {id} only:</source>
        <translation>仅在数据源 {id} 中：</translation>
    </message>
    <message>
        <source>Select no source (Show all documents) to search everything</source>
        <translation>取消选择数据源（显示全部文档）即可搜索全部内容</translation>
    </message>
    <message>
        <source>of {pages}  ({documents})</source>
        <translation>共 {pages} 页（{documents}）</translation>
    </message>
    <message>
        <source>{n} document</source>
        <translation>{n} 篇文档</translation>
    </message>
    <message>
        <source>{n} documents</source>
        <translation>{n} 篇文档</translation>
    </message>
    <message>
        <source>{n}+ matches</source>
        <translation>{n}+ 条匹配</translation>
    </message>
    <message>
        <source>{n} match</source>
        <translation>{n} 条匹配</translation>
    </message>
    <message>
        <source>{n} matches</source>
        <translation>{n} 条匹配</translation>
    </message>
    <message>
        <source>{matches} · page {page}</source>
        <translation>{matches} · 第 {page} 页</translation>
    </message>
    <message>
        <source> · {n} document is still being indexed for search and not included yet</source>
        <translation> · 还有 {n} 篇文档正在建立搜索索引，暂未包含</translation>
    </message>
    <message>
        <source> · {n} documents are still being indexed for search and not included yet</source>
        <translation> · 还有 {n} 篇文档正在建立搜索索引，暂未包含</translation>
    </message>
    <message>
        <source>origin: {value}</source>
        <translation>来源：{value}</translation>
    </message>
    <message>
        <source>source: {value}</source>
        <translation>数据源：{value}</translation>
    </message>
    <message>
        <source>label: {value}</source>
        <translation>标签：{value}</translation>
    </message>
    <message>
        <source>id: {value}</source>
        <translation>编号：{value}</translation>
    </message>
    <message numerus="yes">
        <source>… (%Ln more character(s) not shown)</source>
        <translation>
            <numerusform>…（另有 %Ln 个字符未显示）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DuplicatesTable</name>
    <message>
        <source>removed document</source>
        <translation>被移除的文档</translation>
    </message>
    <message>
        <source>duplicate of (kept)</source>
        <translation>重复于（保留的）</translation>
    </message>
    <message>
        <source>kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>matching bands</source>
        <translation>匹配的分带</translation>
    </message>
</context>
<context>
    <name>ErrorReporter</name>
    <message>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <source>Something went wrong inside llmstudio. Your project is safe and the app keeps running. The details are in the log file:
{path}</source>
        <translation>llmstudio 内部出错。你的项目完好无损，应用会继续运行。详细信息见日志文件：
{path}</translation>
    </message>
</context>
<context>
    <name>EvaluatePanel</name>
    <message>
        <source>The trained run to evaluate</source>
        <translation>要评估的已训练运行</translation>
    </message>
    <message>
        <source>best validation loss</source>
        <translation>最佳验证损失</translation>
    </message>
    <message>
        <source>latest</source>
        <translation>最新</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Use the run&apos;s latest checkpoint or the one with the best val loss</source>
        <translation>使用该运行的最新检查点，或验证损失最佳的检查点</translation>
    </message>
    <message>
        <source>Checkpoint</source>
        <translation>检查点</translation>
    </message>
    <message>
        <source>Playground</source>
        <translation>试验场</translation>
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
        <translation>还没有训练过的运行。请先在“训练”面板训练模型，再回来为它打分并生成样例文本。</translation>
    </message>
    <message>
        <source>Go to Train</source>
        <translation>前往“训练”</translation>
    </message>
    <message>
        <source>Language model</source>
        <translation>语言模型</translation>
    </message>
    <message>
        <source>Classifier</source>
        <translation>分类器</translation>
    </message>
    <message>
        <source>{run} ({status}, step {step})</source>
        <translation>{run}（{status}，第 {step} 步）</translation>
    </message>
    <message>
        <source>No trained run yet: train a model in the Train panel first.</source>
        <translation>还没有训练过的运行：请先在“训练”面板训练一个模型。</translation>
    </message>
    <message>
        <source>This run has no validation loss yet.</source>
        <translation>该运行还没有验证损失。</translation>
    </message>
    <message>
        <source>&lt;b&gt;val loss&lt;/b&gt; {val} · &lt;b&gt;perplexity&lt;/b&gt; {ppl} · &lt;b&gt;best val loss&lt;/b&gt; {best} · step {step} &lt;small&gt;(estimated from random windows; score the whole split for exact figures)&lt;/small&gt;</source>
        <translation>&lt;b&gt;验证损失&lt;/b&gt; {val} · &lt;b&gt;困惑度&lt;/b&gt; {ppl} · &lt;b&gt;最佳验证损失&lt;/b&gt; {best} · 第 {step} 步 &lt;small&gt;（基于随机窗口估算；评估整个数据划分可得精确数值）&lt;/small&gt;</translation>
    </message>
</context>
<context>
    <name>ExperimentsPanel</name>
    <message>
        <source>How trials are chosen: every combination (grid), random draws, or Optuna</source>
        <translation>试验的选取方式：所有组合（网格）、随机抽取或 Optuna</translation>
    </message>
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
        <source>The settings to vary and their values</source>
        <translation>要变化的设置及其取值</translation>
    </message>
    <message>
        <source>How many trials a random or Optuna sweep runs</source>
        <translation>随机或 Optuna 扫描要运行的试验次数</translation>
    </message>
    <message>
        <source>Settings applied to every trial, one key=value per line</source>
        <translation>应用于每次试验的设置，每行一个 key=value</translation>
    </message>
    <message>
        <source>extra settings for every trial, one per line: train.max_steps=200</source>
        <translation>每次试验的附加设置，每行一个：train.max_steps=200</translation>
    </message>
    <message>
        <source>The device the trials train on</source>
        <translation>试验训练所用的设备</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>自动</translation>
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
        <source>Sweeps and the learning-rate finder train models, so they need a tokenizer first. Train one in the Tokenizer panel.</source>
        <translation>超参数扫描和学习率查找器都要训练模型，因此需要先有分词器。请在“分词器”面板中训练一个。</translation>
    </message>
    <message>
        <source>Go to Tokenizer</source>
        <translation>前往分词器</translation>
    </message>
    <message>
        <source>Train a tokenizer first</source>
        <translation>请先训练分词器</translation>
    </message>
    <message>
        <source>One key=v1,v2,... per line</source>
        <translation>每行一个 key=v1,v2,...</translation>
    </message>
    <message>
        <source>TOML: [train.lr] low = 1e-4 high = 1e-2 log = true; [model.n_layer] choices = [2, 4]</source>
        <translation>TOML：[train.lr] low = 1e-4 high = 1e-2 log = true; [model.n_layer] choices = [2, 4]</translation>
    </message>
    <message numerus="yes">
        <source>Sweep {sweep} queued: %Ln trial(s).</source>
        <translation>
            <numerusform>扫描 {sweep} 已加入队列：%Ln 次试验。</numerusform>
        </translation>
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
    <name>ExportDialog</name>
    <message>
        <source>Export model</source>
        <translation>导出模型</translation>
    </message>
    <message>
        <source>{id}: {name} ({status}, step {step})</source>
        <translation>{id}：{name}（{status}，第 {step} 步）</translation>
    </message>
    <message>
        <source>Hugging Face folder (transformers)</source>
        <translation>Hugging Face 文件夹（transformers）</translation>
    </message>
    <message>
        <source>GGUF file (llama.cpp, Ollama)</source>
        <translation>GGUF 文件（llama.cpp、Ollama）</translation>
    </message>
    <message>
        <source>latest</source>
        <translation>最新</translation>
    </message>
    <message>
        <source>best (lowest validation loss)</source>
        <translation>最佳（验证损失最低）</translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Checkpoint</source>
        <translation>检查点</translation>
    </message>
    <message>
        <source>Write to</source>
        <translation>写入到</translation>
    </message>
    <message>
        <source>New folder for the export</source>
        <translation>导出用的新文件夹</translation>
    </message>
    <message>
        <source>GGUF file</source>
        <translation>GGUF 文件</translation>
    </message>
    <message>
        <source>No language-model run yet.</source>
        <translation>还没有语言模型运行。</translation>
    </message>
</context>
<context>
    <name>FrontierView</name>
    <message>
        <source>run {id}: {what}</source>
        <translation>运行 {id}：{what}</translation>
    </message>
    <message>
        <source>Each point is a checkpoint: its mean reward on held-out prompts against its KL to the reference. Runs from the same reference are drawn together; more reward for less KL is better.</source>
        <translation>每个点是一个检查点：它在留出提示上的平均奖励，对应它与参考模型的 KL。从同一参考模型出发的运行画在一起；KL 越小、奖励越高越好。</translation>
    </message>
    <message>
        <source>Reward against KL</source>
        <translation>奖励与 KL</translation>
    </message>
    <message>
        <source>reward</source>
        <translation>奖励</translation>
    </message>
    <message>
        <source>KL to the reference</source>
        <translation>与参考模型的 KL</translation>
    </message>
    <message>
        <source>No checkpoint scored yet. A policy run scores its held-out prompts at each evaluation; select a finished policy run to see its frontier.</source>
        <translation>还没有评分过的检查点。策略运行在每次评估时为留出提示打分；选择一个已完成的策略运行即可查看其前沿。</translation>
    </message>
    <message>
        <source> (this run)</source>
        <translation>（本运行）</translation>
    </message>
    <message>
        <source>run {id}</source>
        <translation>运行 {id}</translation>
    </message>
</context>
<context>
    <name>FullSplitView</name>
    <message>
        <source>split</source>
        <translation>数据划分</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>tokens</source>
        <translation>词元数</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>perplexity</source>
        <translation>困惑度</translation>
    </message>
    <message>
        <source>bits per byte</source>
        <translation>每字节比特数</translation>
    </message>
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
    <name>FunnelChart</name>
    <message>
        <source>documents left after each step</source>
        <translation>每一步之后剩余的文档</translation>
    </message>
    <message>
        <source>characters left after each step</source>
        <translation>每一步之后剩余的字符</translation>
    </message>
    <message>
        <source>input</source>
        <translation>输入</translation>
    </message>
</context>
<context>
    <name>GeneratePairsDialog</name>
    <message>
        <source>Generate pairs into &apos;{0}&apos;</source>
        <translation>生成偏好对到“{0}”</translation>
    </message>
    <message>
        <source>The language-model run sampled twice for each prompt</source>
        <translation>对每个提示采样两次的语言模型运行</translation>
    </message>
    <message numerus="yes">
        <source>{run} (%Ln step(s))</source>
        <translation>
            <numerusform>{run}（%Ln 步）</numerusform>
        </translation>
    </message>
    <message>
        <source>At most this many prompts, one pair each</source>
        <translation>最多使用这么多个提示，每个提示生成一对</translation>
    </message>
    <message>
        <source>One prompt per line; leave empty to take the first words of the project&apos;s documents</source>
        <translation>每行一个提示；留空则取项目文档开头的几个词</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Pairs</source>
        <translation>偏好对数</translation>
    </message>
    <message>
        <source>Prompts</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Train a language-model run first (Train panel)</source>
        <translation>请先训练一个语言模型运行（训练面板）</translation>
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
        <source>document length (characters)</source>
        <translation>文档长度（字符）</translation>
    </message>
    <message>
        <source>characters</source>
        <translation>字符数</translation>
    </message>
    <message>
        <source>words</source>
        <translation>词数</translation>
    </message>
    <message>
        <source>mean word length</source>
        <translation>平均词长</translation>
    </message>
    <message>
        <source>words with a letter</source>
        <translation>含字母的词的比例</translation>
    </message>
    <message>
        <source>repeated lines</source>
        <translation>重复行比例</translation>
    </message>
    <message>
        <source>lines ending in punctuation</source>
        <translation>以标点结尾的行的比例</translation>
    </message>
    <message>
        <source>short lines</source>
        <translation>短行比例</translation>
    </message>
    <message>
        <source>language score</source>
        <translation>语言置信度</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>documents</source>
        <translation>文档数</translation>
    </message>
    <message numerus="yes">
        <source>%Ln document(s) sampled; median {median}</source>
        <translation>
            <numerusform>抽样 %Ln 篇文档；中位数 {median}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import text</source>
        <translation>导入文本</translation>
    </message>
    <message>
        <source>Add files…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <source>Add URLs…</source>
        <translation>添加网址…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>auto (CSV only)</source>
        <translation>自动（仅 CSV）</translation>
    </message>
    <message>
        <source>auto (detected per file)</source>
        <translation>自动（逐个文件检测）</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>e.g. *.txt, *.md (empty: every known format)</source>
        <translation>例如 *.txt, *.md（留空：所有已知格式）</translation>
    </message>
    <message>
        <source>e.g. drafts/*</source>
        <translation>例如 drafts/*</translation>
    </message>
    <message>
        <source>Skip content already in the project</source>
        <translation>跳过项目中已有的内容</translation>
    </message>
    <message>
        <source>What will be imported: files, folders (searched recursively), archives and web addresses</source>
        <translation>将要导入的内容：文件、文件夹（递归查找）、压缩包和网址</translation>
    </message>
    <message>
        <source>How to read the files; auto detects it from each file&apos;s name and content</source>
        <translation>如何读取文件；“自动”会根据每个文件的名称和内容判断</translation>
    </message>
    <message>
        <source>Where one document ends: a whole file, each line, each paragraph or each record</source>
        <translation>一篇文档在哪里结束：整个文件、每一行、每个段落或每条记录</translation>
    </message>
    <message>
        <source>For JSON, CSV and Parquet: the field that holds the text</source>
        <translation>用于 JSON、CSV 和 Parquet：存放文本的字段</translation>
    </message>
    <message>
        <source>Optional: a field whose value becomes the document&apos;s label</source>
        <translation>可选：其值作为文档标签的字段</translation>
    </message>
    <message>
        <source>The character encoding; leave empty to detect it per file</source>
        <translation>字符编码；留空则逐个文件检测</translation>
    </message>
    <message>
        <source>The column separator of CSV files; leave empty to detect it</source>
        <translation>CSV 文件的列分隔符；留空则自动检测</translation>
    </message>
    <message>
        <source>Only import files whose names match these patterns (comma-separated)</source>
        <translation>只导入文件名匹配这些模式的文件（逗号分隔）</translation>
    </message>
    <message>
        <source>Skip files whose names match these patterns (comma-separated)</source>
        <translation>跳过文件名匹配这些模式的文件（逗号分隔）</translation>
    </message>
    <message>
        <source>Documents whose exact text is already in the project are not stored again</source>
        <translation>文本与项目中已有文档完全相同的文档不会重复保存</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>One document per</source>
        <translation>每篇文档对应</translation>
    </message>
    <message>
        <source>Text field</source>
        <translation>文本字段</translation>
    </message>
    <message>
        <source>Label field</source>
        <translation>标签字段</translation>
    </message>
    <message>
        <source>Encoding</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>CSV delimiter</source>
        <translation>CSV 分隔符</translation>
    </message>
    <message>
        <source>Include</source>
        <translation>包含</translation>
    </message>
    <message>
        <source>Exclude</source>
        <translation>排除</translation>
    </message>
    <message>
        <source>Add files, a folder or URLs (or drop them here) to see a preview.</source>
        <translation>添加文件、文件夹或网址（或拖放到这里）以查看预览。</translation>
    </message>
    <message>
        <source>origin</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>file</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>line</source>
        <translation>行</translation>
    </message>
    <message>
        <source>severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <source>reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Cancel import</source>
        <translation>取消导入</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Preview: the first documents exactly as they will be imported</source>
        <translation>预览：前几篇文档，与导入后完全一致</translation>
    </message>
    <message>
        <source>Import files</source>
        <translation>导入文件</translation>
    </message>
    <message>
        <source>Import a folder</source>
        <translation>导入文件夹</translation>
    </message>
    <message>
        <source>Import web pages</source>
        <translation>导入网页</translation>
    </message>
    <message>
        <source>One http(s) address per line:</source>
        <translation>每行一个 http(s) 地址：</translation>
    </message>
    <message>
        <source>Reading a preview…</source>
        <translation>正在读取预览…</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>No preview: {reason}</source>
        <translation>无法预览：{reason}</translation>
    </message>
    <message>
        <source>Problems found in the preview</source>
        <translation>预览中发现的问题</translation>
    </message>
    <message>
        <source>Nothing to import yet.</source>
        <translation>还没有要导入的内容。</translation>
    </message>
    <message>
        <source>⚠ Nothing here can be imported: every file was rejected (see the problems below). Choose text files, or set the format if it was not recognised.</source>
        <translation>⚠ 这里没有可以导入的内容：所有文件都被拒绝了（见下方问题）。请选择文本文件；如果格式未被识别，请手动设置格式。</translation>
    </message>
    <message>
        <source>{files}, {size}</source>
        <translation>{files}，{size}</translation>
    </message>
    <message>
        <source>{n} file</source>
        <translation>{n} 个文件</translation>
    </message>
    <message>
        <source>{n} files</source>
        <translation>{n} 个文件</translation>
    </message>
    <message>
        <source>format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>compressed</source>
        <translation>压缩</translation>
    </message>
    <message>
        <source>archive</source>
        <translation>压缩包</translation>
    </message>
    <message>
        <source>encoding</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>text field</source>
        <translation>文本字段</translation>
    </message>
    <message>
        <source>delimiter</source>
        <translation>分隔符</translation>
    </message>
    <message>
        <source>one document per</source>
        <translation>每篇文档对应</translation>
    </message>
    <message>
        <source>paragraph</source>
        <translation>段落</translation>
    </message>
    <message>
        <source>record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>auto ({detected})</source>
        <translation>自动（{detected}）</translation>
    </message>
    <message>
        <source>{title}: none</source>
        <translation>{title}：无</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>Importing</source>
        <translation>正在导入</translation>
    </message>
    <message>
        <source>Cancelling: the file being read is rolled back…</source>
        <translation>正在取消：正在读取的文件会被回滚…</translation>
    </message>
    <message>
        <source>Imported {documents} from {files} ({size}); skipped {skipped}; errors {errors}.</source>
        <translation>已从 {files}（{size}）导入 {documents}；跳过 {skipped}；错误 {errors}。</translation>
    </message>
    <message>
        <source>{n} document</source>
        <translation>{n} 篇文档</translation>
    </message>
    <message>
        <source>{n} documents</source>
        <translation>{n} 篇文档</translation>
    </message>
    <message>
        <source>Problems (these did not stop the other files)</source>
        <translation>问题（这些问题不影响其他文件）</translation>
    </message>
    <message>
        <source>Cancelled. Files already finished are kept; the one being read was rolled back.</source>
        <translation>已取消。已完成的文件会保留；正在读取的文件已回滚。</translation>
    </message>
    <message>
        <source>The import stopped: {reason}</source>
        <translation>导入已停止：{reason}</translation>
    </message>
    <message>
        <source>Nothing in the preview can be imported</source>
        <translation>预览中没有可以导入的内容</translation>
    </message>
    <message>
        <source>Import what the preview shows</source>
        <translation>导入预览中显示的内容</translation>
    </message>
</context>
<context>
    <name>ImportModelDialog</name>
    <message>
        <source>Import model</source>
        <translation>导入模型</translation>
    </message>
    <message>
        <source>a folder with config.json, or a Hub id such as owner/name</source>
        <translation>含 config.json 的文件夹，或 Hub 模型 id（如 owner/name）</translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Run name</source>
        <translation>运行名称</translation>
    </message>
    <message>
        <source>Hugging Face model folder</source>
        <translation>Hugging Face 模型文件夹</translation>
    </message>
</context>
<context>
    <name>InstructionsButton</name>
    <message>
        <source>Import instructions...</source>
        <translation>导入指令数据...</translation>
    </message>
    <message>
        <source>Prompt/response pairs for instruction tuning (JSON Lines, one {&quot;prompt&quot;: ..., &quot;response&quot;: ...} a line): the next run trains on them, with loss on the responses only, in the chat template chosen under Training</source>
        <translation>用于指令微调的提示/回答对（JSON Lines，每行一个 {&quot;prompt&quot;: ..., &quot;response&quot;: ...}）：下一次运行用它们训练，只在回答部分计算损失，使用“训练”中选择的对话模板</translation>
    </message>
    <message>
        <source>Import instructions</source>
        <translation>导入指令数据</translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl);;All files (*)</source>
        <translation>JSON Lines (*.jsonl);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>JobRunner</name>
    <message>
        <source>cancelled; nothing was changed by the unfinished step</source>
        <translation>已取消；未完成的步骤没有做任何更改</translation>
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
    <name>LabelKinds</name>
    <message>
        <source>single</source>
        <translation>单标签</translation>
    </message>
    <message>
        <source>multi</source>
        <translation>多标签</translation>
    </message>
    <message>
        <source>pairwise</source>
        <translation>偏好对</translation>
    </message>
</context>
<context>
    <name>LabelPanel</name>
    <message>
        <source>Unlabeled first</source>
        <translation>未标注的优先</translation>
    </message>
    <message>
        <source>Random (seeded)</source>
        <translation>随机（按种子）</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>搜索结果</translation>
    </message>
    <message>
        <source>Least confident model prediction</source>
        <translation>模型最没把握的预测优先</translation>
    </message>
    <message>
        <source>The label schema to work with</source>
        <translation>要使用的标注方案</translation>
    </message>
    <message>
        <source>New schema…</source>
        <translation>新建标注方案…</translation>
    </message>
    <message>
        <source>Your name: each annotation records who made it</source>
        <translation>你的名字：每条标注都会记录标注者</translation>
    </message>
    <message>
        <source>The order documents are offered in</source>
        <translation>文档出现的顺序</translation>
    </message>
    <message>
        <source>seed </source>
        <translation>种子 </translation>
    </message>
    <message>
        <source>The random seed of the queue order and of the train/validation/test split</source>
        <translation>队列顺序以及训练/验证/测试划分所用的随机种子</translation>
    </message>
    <message>
        <source>search term</source>
        <translation>搜索词</translation>
    </message>
    <message>
        <source>Offer only documents containing this text</source>
        <translation>只提供包含这段文本的文档</translation>
    </message>
    <message>
        <source>Start labeling</source>
        <translation>开始标注</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标注</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>表格</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>审核</translation>
    </message>
    <message>
        <source>Schema</source>
        <translation>标注方案</translation>
    </message>
    <message>
        <source>Shares of train, validation and test documents, e.g. 0.8,0.1,0.1</source>
        <translation>训练、验证、测试文档的比例，例如 0.8,0.1,0.1</translation>
    </message>
    <message>
        <source>train,validation,test</source>
        <translation>训练,验证,测试</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>数据划分</translation>
    </message>
    <message>
        <source>Import pairs…</source>
        <translation>导入偏好对…</translation>
    </message>
    <message>
        <source>Import preference pairs from JSONL lines with prompt, chosen and rejected</source>
        <translation>从包含 prompt、chosen 和 rejected 字段的 JSONL 行导入偏好对</translation>
    </message>
    <message>
        <source>Generate pairs…</source>
        <translation>生成偏好对…</translation>
    </message>
    <message>
        <source>Sample a language-model run twice per prompt, then pick the better one</source>
        <translation>对每个提示采样语言模型运行两次，再选出更好的一个</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Annotator</source>
        <translation>标注者</translation>
    </message>
    <message>
        <source>Ratios</source>
        <translation>比例</translation>
    </message>
    <message>
        <source>Create a label schema to start (New schema…), or import labels; for preference pairs use Import pairs… or Generate pairs….</source>
        <translation>先创建一个标注方案（新建方案…）或导入标签；偏好对请使用“导入偏好对…”或“生成偏好对…”。</translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln document(s) to {path}</source>
        <translation>
            <numerusform>已将 %Ln 篇文档导出到 {path}</numerusform>
        </translation>
    </message>
    <message>
        <source>Import pairs</source>
        <translation>导入偏好对</translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl)</source>
        <translation>JSON Lines 文件 (*.jsonl)</translation>
    </message>
    <message>
        <source>Importing pairs</source>
        <translation>正在导入偏好对</translation>
    </message>
    <message numerus="yes">
        <source>Imported %Ln pair(s) into &apos;{schema}&apos;</source>
        <translation>
            <numerusform>已将 %Ln 个偏好对导入“{schema}”</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Added %Ln pair(s) from run {run} to &apos;{schema}&apos;</source>
        <translation>
            <numerusform>已从运行 {run} 向“{schema}”添加 %Ln 个偏好对</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln preference pair(s) to {path}</source>
        <translation>
            <numerusform>已将 %Ln 个偏好对导出到 {path}</numerusform>
        </translation>
    </message>
    <message>
        <source>Generating pairs</source>
        <translation>正在生成偏好对</translation>
    </message>
    <message>
        <source>Export pairs</source>
        <translation>导出偏好对</translation>
    </message>
    <message>
        <source>Exporting pairs</source>
        <translation>正在导出偏好对</translation>
    </message>
    <message>
        <source>There is no text to label yet. Import documents in the Sources panel first.</source>
        <translation>还没有可标注的文本。请先在“数据源”面板中导入文档。</translation>
    </message>
    <message>
        <source>Go to Sources</source>
        <translation>前往数据源</translation>
    </message>
    <message>
        <source>Make a label schema first: the labels you will give documents, for example by topic or quality.</source>
        <translation>请先创建一个标注方案：即你要给文档打的标签，例如按主题或质量。</translation>
    </message>
    <message>
        <source>There is no label schema &apos;{0}&apos; any more.</source>
        <translation>标注方案“{0}”已不存在。</translation>
    </message>
    <message>
        <source>; {count} duplicate groups leak across splits</source>
        <translation>；{count} 组重复文档跨越了不同划分</translation>
    </message>
    <message>
        <source>Split: {counts} (duplicates kept together: {grouped})</source>
        <translation>划分：{counts}（保持在一起的重复文档：{grouped}）</translation>
    </message>
    <message>
        <source>Splitting documents</source>
        <translation>正在划分文档</translation>
    </message>
    <message>
        <source>Export labels</source>
        <translation>导出标注</translation>
    </message>
    <message>
        <source>; {count} unresolved disagreements left out</source>
        <translation>；{count} 处未解决的分歧未导出</translation>
    </message>
    <message>
        <source>Exporting labels</source>
        <translation>正在导出标注</translation>
    </message>
</context>
<context>
    <name>LabelReviewView</name>
    <message>
        <source>The two annotators to compare</source>
        <translation>要比较的两位标注者</translation>
    </message>
    <message>
        <source>Final: {label}</source>
        <translation>最终：{label}</translation>
    </message>
    <message numerus="yes">
        <source>{first} / {second}: kappa {kappa}, agreement {agreement} over %Ln document(s)</source>
        <translation>
            <numerusform>{first} / {second}：kappa {kappa}，在 %Ln 篇文档上一致率 {agreement}</numerusform>
        </translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Cohen&apos;s kappa per pair of annotators:</source>
        <translation>每对标注者的 Cohen kappa：</translation>
    </message>
    <message>
        <source>No document has been labelled by two annotators yet.</source>
        <translation>还没有文档被两位标注者同时标注。</translation>
    </message>
    <message>
        <source>Document {id} — {labels}</source>
        <translation>文档 {id} — {labels}</translation>
    </message>
    <message>
        <source>No open disagreements.</source>
        <translation>没有待解决的分歧。</translation>
    </message>
</context>
<context>
    <name>LabelTable</name>
    <message>
        <source>Id</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Annotator</source>
        <translation>标注者</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Flag</source>
        <translation>标记</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>划分</translation>
    </message>
    <message>
        <source>conflict: {labels}</source>
        <translation>冲突：{labels}</translation>
    </message>
</context>
<context>
    <name>LabelTableView</name>
    <message>
        <source>Show only documents with this label</source>
        <translation>只显示带有此标签的文档</translation>
    </message>
    <message>
        <source>Flagged only</source>
        <translation>仅显示已标记</translation>
    </message>
    <message>
        <source>Show only documents you flagged</source>
        <translation>只显示你标记过的文档</translation>
    </message>
    <message>
        <source>Search text, Enter to filter</source>
        <translation>搜索文本，按 Enter 筛选</translation>
    </message>
    <message>
        <source>Show only documents containing this text</source>
        <translation>只显示包含这段文本的文档</translation>
    </message>
    <message>
        <source>The label given to the selected documents</source>
        <translation>给所选文档打上的标签</translation>
    </message>
    <message>
        <source>Label selected</source>
        <translation>标注所选</translation>
    </message>
    <message>
        <source>Label:</source>
        <translation>标签：</translation>
    </message>
    <message>
        <source>Any</source>
        <translation>任意</translation>
    </message>
    <message>
        <source>Unlabeled</source>
        <translation>未标注</translation>
    </message>
    <message>
        <source>{n} document</source>
        <translation>{n} 篇文档</translation>
    </message>
    <message>
        <source>{n} documents</source>
        <translation>{n} 篇文档</translation>
    </message>
    <message>
        <source> ({count} more not searchable yet: still being indexed)</source>
        <translation>（另有 {count} 篇尚不能搜索：仍在建立索引）</translation>
    </message>
</context>
<context>
    <name>LabelingView</name>
    <message>
        <source>Keys: a label&apos;s key decides · Space skip · ← back · → forward · Enter accept the suggestion · Ctrl+D flag · Ctrl+E comment · Ctrl+Z undo · Ctrl+Shift+Z redo · Ctrl+± font</source>
        <translation>按键：标签的快捷键直接标注 · Space 跳过 · ← 后退 · → 前进 · Enter 接受建议 · Ctrl+D 标记 · Ctrl+E 评论 · Ctrl+Z 撤销 · Ctrl+Shift+Z 重做 · Ctrl+± 字号</translation>
    </message>
    <message>
        <source>Document text</source>
        <translation>文档文本</translation>
    </message>
    <message>
        <source>Pick a label schema (or make one with New schema…), type your name, and press Start labeling. Then one key per document: see the keys on the right.</source>
        <translation>选择一个标注方案（或用“新建方案…”创建），输入你的名字，然后点“开始标注”。之后每篇文档按一个键：按键见右侧。</translation>
    </message>
    <message>
        <source>◀ Back (←)</source>
        <translation>◀ 后退 (←)</translation>
    </message>
    <message>
        <source>Skip (Space)</source>
        <translation>跳过 (Space)</translation>
    </message>
    <message>
        <source>Flag (Ctrl+D)</source>
        <translation>标记 (Ctrl+D)</translation>
    </message>
    <message>
        <source>Auto-advance</source>
        <translation>自动前进</translation>
    </message>
    <message>
        <source>Go to the next document after choosing a label</source>
        <translation>选择标签后自动跳到下一篇文档</translation>
    </message>
    <message>
        <source>Comment (Ctrl+E, Enter to save, Esc to return)</source>
        <translation>评论（Ctrl+E；Enter 保存，Esc 返回）</translation>
    </message>
    <message>
        <source>A note on this document, saved with its label</source>
        <translation>对这篇文档的备注，与标签一起保存</translation>
    </message>
    <message>
        <source>Highlight a word…</source>
        <translation>高亮一个词…</translation>
    </message>
    <message>
        <source>Highlight every occurrence of a word in the document</source>
        <translation>在文档中高亮某个词的所有出现</translation>
    </message>
    <message>
        <source>&lt;b&gt;Guidelines&lt;/b&gt;</source>
        <translation>&lt;b&gt;标注指南&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Progress&lt;/b&gt;</source>
        <translation>&lt;b&gt;进度&lt;/b&gt;</translation>
    </message>
    <message>
        <source>No guidelines written yet.</source>
        <translation>尚未编写标注说明。</translation>
    </message>
    <message>
        <source>&lt;b&gt;All done&lt;/b&gt;: no documents left in this queue.</source>
        <translation>&lt;b&gt;全部完成&lt;/b&gt;：此队列中没有剩余文档。</translation>
    </message>
    <message>
        <source>Document {id} · {origin}</source>
        <translation>文档 {id} · {origin}</translation>
    </message>
    <message>
        <source>Model suggests &lt;b&gt;{label}&lt;/b&gt; ({score}) — Enter to accept. {others}</source>
        <translation>模型建议 &lt;b&gt;{label}&lt;/b&gt;（{score}）— 按 Enter 接受。{others}</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>Labeled: {labels}</source>
        <translation>已标注：{labels}</translation>
    </message>
    <message>
        <source>Not labeled yet</source>
        <translation>尚未标注</translation>
    </message>
    <message>
        <source> · {rate} labels/hour</source>
        <translation> · 每小时 {rate} 个标注</translation>
    </message>
    <message>
        <source>{done} / {total} labeled by you</source>
        <translation>你已标注 {done} / {total}</translation>
    </message>
</context>
<context>
    <name>LearningCurve</name>
    <message>
        <source>Learning curve</source>
        <translation>学习曲线</translation>
    </message>
    <message>
        <source>labelled training documents</source>
        <translation>已标注的训练文档数</translation>
    </message>
    <message>
        <source>test macro-F1</source>
        <translation>测试宏平均 F1</translation>
    </message>
</context>
<context>
    <name>LivePlot</name>
    <message>
        <source>step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
</context>
<context>
    <name>LrFinderView</name>
    <message>
        <source>How many steps the learning-rate finder runs</source>
        <translation>学习率查找器运行的步数</translation>
    </message>
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
    <name>ModelInterop</name>
    <message>
        <source>Architecture: {architecture}
Parameters: {parameters}
Tokenizer: {tokenizer}
Licence: {licence}</source>
        <translation>架构：{architecture}
参数量：{parameters}
分词器：{tokenizer}
许可证：{licence}</translation>
    </message>
    <message>
        <source>no licence file</source>
        <translation>没有许可证文件</translation>
    </message>
    <message>
        <source>Cannot import: {reason}</source>
        <translation>无法导入：{reason}</translation>
    </message>
    <message>
        <source>A Hugging Face Hub id: it is downloaded (into the Hub cache) when you import it.</source>
        <translation>Hugging Face Hub 模型 id：导入时会下载（到 Hub 缓存中）。</translation>
    </message>
    <message>
        <source>Not a folder, and not a Hub id (owner/name).</source>
        <translation>既不是文件夹，也不是 Hub 模型 id（owner/name）。</translation>
    </message>
    <message>
        <source>Cannot export: {reason}</source>
        <translation>无法导出：{reason}</translation>
    </message>
    <message>
        <source>{name} ({kind}, {count} tokens)</source>
        <translation>{name}（{kind}，{count} 个词元）</translation>
    </message>
</context>
<context>
    <name>ModelPanel</name>
    <message>
        <source>(choose a preset)</source>
        <translation>（选择预设）</translation>
    </message>
    <message>
        <source>Load a ready-made model and training configuration</source>
        <translation>载入一套现成的模型和训练配置</translation>
    </message>
    <message>
        <source>Estimated from the settings: the memory one training step needs on the device (weights, their gradients, the AdamW optimizer&apos;s two moments and the activations of one micro-batch). The Train panel&apos;s memory figure is what the running trainer actually uses.</source>
        <translation>根据设置估算：一个训练步在设备上所需的内存（权重、梯度、AdamW 优化器的两个动量，以及一个微批次的激活值）。“训练”面板中的内存数字是训练运行时的实际用量。</translation>
    </message>
    <message>
        <source>The device the time estimate and the memory check are for</source>
        <translation>时间估算和内存检查所针对的设备</translation>
    </message>
    <message>
        <source>Time per 1,000 steps: not measured yet</source>
        <translation>每 1,000 步用时：尚未测量</translation>
    </message>
    <message>
        <source>Measure</source>
        <translation>测量</translation>
    </message>
    <message>
        <source>Time a few training steps of these settings on the chosen device</source>
        <translation>在所选设备上用这些设置计时几个训练步</translation>
    </message>
    <message>
        <source>Import model...</source>
        <translation>导入模型…</translation>
    </message>
    <message>
        <source>A Hugging Face model (folder or Hub id) as a new run to generate from, evaluate or train further</source>
        <translation>将 Hugging Face 模型（文件夹或 Hub id）导入为新的运行，可用于生成、评估或继续训练</translation>
    </message>
    <message>
        <source>Export...</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>A run as a Hugging Face folder or a GGUF file</source>
        <translation>将运行导出为 Hugging Face 文件夹或 GGUF 文件</translation>
    </message>
    <message>
        <source>Imported model (read-only)</source>
        <translation>导入的模型（只读）</translation>
    </message>
    <message>
        <source>Transformer</source>
        <translation>Transformer</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Sizes, memory and time show again when every setting is valid.</source>
        <translation>所有设置都有效后，才会重新显示规模、内存和时间。</translation>
    </message>
    <message>
        <source>Save the settings</source>
        <translation>保存设置</translation>
    </message>
    <message>
        <source>&lt;b&gt;{params} parameters&lt;/b&gt; (vocabulary {vocab}) · {flops} per token · {tokens} tokens per step · {total} for {steps} steps&lt;br&gt;Memory a training step needs ≈ &lt;b&gt;{memory}&lt;/b&gt;: weights {weights}, gradients {gradients}, AdamW state {optimizer}, activations {activations} (batch {batch}, {precision})</source>
        <translation>&lt;b&gt;{params} 个参数&lt;/b&gt;（词表 {vocab}）· 每个词元 {flops} · 每步 {tokens} 个词元 · {steps} 步共 {total}&lt;br&gt;一个训练步所需内存 ≈ &lt;b&gt;{memory}&lt;/b&gt;：权重 {weights}，梯度 {gradients}，AdamW 状态 {optimizer}，激活值 {activations}（批大小 {batch}，{precision}）</translation>
    </message>
    <message>
        <source>LoRA rank {rank}: &lt;b&gt;{trainable} trainable parameters&lt;/b&gt; ({share} of the model); AdamW state {lora} instead of {full}, and gradients and AdamW state together {saved} less</source>
        <translation>LoRA 秩 {rank}：&lt;b&gt;{trainable} 个可训练参数&lt;/b&gt;（占模型的 {share}）；AdamW 状态 {lora}（而非 {full}），梯度与 AdamW 状态合计节省 {saved}</translation>
    </message>
    <message>
        <source>⚠ These settings need about {needed} to train, more than the {available} of {device}: they will not fit. Lower train.batch_size (and raise train.grad_accum to keep the batch), model.context_length or the model size, or choose precision bf16.</source>
        <translation>⚠ 这些设置训练时约需 {needed}，超过了 {device} 的 {available}：放不下。请降低 train.batch_size（并提高 train.grad_accum 以保持批大小）、model.context_length 或模型规模，或选择 bf16 精度。</translation>
    </message>
    <message>
        <source>Looking for devices</source>
        <translation>正在查找设备</translation>
    </message>
    <message>
        <source>Time per 1,000 steps: not measured while another job runs (it would compete for the same processor). Press Measure when it has finished.</source>
        <translation>每 1,000 步用时：另一个任务运行期间不测量（会争用同一处理器）。任务结束后请点击“测量”。</translation>
    </message>
    <message>
        <source>Time per 1,000 steps: not measured, the settings do not fit this device.</source>
        <translation>每 1,000 步用时：未测量，这些设置在该设备上放不下。</translation>
    </message>
    <message>
        <source>Time per 1,000 steps on {device}: measuring…</source>
        <translation>在 {device} 上每 1,000 步用时：正在测量…</translation>
    </message>
    <message>
        <source>Timing a few training steps</source>
        <translation>正在计时几个训练步</translation>
    </message>
    <message>
        <source>Time per 1,000 steps: could not measure ({reason})</source>
        <translation>每 1,000 步用时：无法测量（{reason}）</translation>
    </message>
    <message>
        <source>Time per 1,000 steps on {device}: &lt;b&gt;≈ {duration}&lt;/b&gt; ({rate} tokens/s, MFU {mfu}; measured over 3 steps at a micro-batch of {batch}, {threads})</source>
        <translation>在 {device} 上每 1,000 步用时：&lt;b&gt;≈ {duration}&lt;/b&gt;（每秒 {rate} 个词元，MFU {mfu}；以微批次 {batch}、{threads}测量 3 步）</translation>
    </message>
    <message numerus="yes">
        <source>%Ln thread(s)</source>
        <translation>
            <numerusform>%Ln 个线程</numerusform>
        </translation>
    </message>
    <message>
        <source>Time per 1,000 steps: not measured (cancelled). Press Measure to time a few steps.</source>
        <translation>每 1,000 步用时：未测量（已取消）。点击“测量”可计时几个训练步。</translation>
    </message>
    <message>
        <source>{days} days</source>
        <translation>{days} 天</translation>
    </message>
    <message>
        <source>{h} h {m:02d} min</source>
        <translation>{h} 小时 {m:02d} 分</translation>
    </message>
    <message>
        <source>{m} min {s:02d} s</source>
        <translation>{m} 分 {s:02d} 秒</translation>
    </message>
    <message>
        <source>Importing {0}</source>
        <translation>正在导入 {0}</translation>
    </message>
    <message>
        <source>Exporting run {0}</source>
        <translation>正在导出运行 {0}</translation>
    </message>
</context>
<context>
    <name>NewSchemaDialog</name>
    <message>
        <source>New label schema</source>
        <translation>新建标注方案</translation>
    </message>
    <message>
        <source>sentiment</source>
        <translation>例如：情感</translation>
    </message>
    <message>
        <source>The schema&apos;s name, e.g. sentiment or topic</source>
        <translation>标注方案的名称，例如 sentiment 或 topic</translation>
    </message>
    <message>
        <source>One label per document, several, or a score</source>
        <translation>每篇文档一个标签、多个标签，或一个分数</translation>
    </message>
    <message>
        <source>One label per document</source>
        <translation>每篇文档一个标签</translation>
    </message>
    <message>
        <source>Several labels per document</source>
        <translation>每篇文档可有多个标签</translation>
    </message>
    <message>
        <source>Preference pairs (prompt, then A or B)</source>
        <translation>偏好对（一个提示，选择 A 或 B）</translation>
    </message>
    <message>
        <source>positive = 1
negative = 2
neutral = n</source>
        <translation>正面 = 1
负面 = 2
中性 = n</translation>
    </message>
    <message>
        <source>One label per line; &apos;name = key&apos; gives it a keyboard shortcut</source>
        <translation>每行一个标签；写成“名字 = 键”可为它设置快捷键</translation>
    </message>
    <message>
        <source>What each label means, with examples</source>
        <translation>每个标签的含义，并附上例子</translation>
    </message>
    <message>
        <source>Shown beside each document while labeling</source>
        <translation>标注时显示在每篇文档旁边</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Guidelines</source>
        <translation>标注指南</translation>
    </message>
    <message>
        <source>Cannot create the schema</source>
        <translation>无法创建标注方案</translation>
    </message>
</context>
<context>
    <name>PairLabelingView</name>
    <message>
        <source>Keys: A · B · T tie · S skip · F flag · Ctrl+Z undo · Ctrl+Shift+Z redo</source>
        <translation>按键：A · B · T 平局 · S 跳过 · F 标记 · Ctrl+Z 撤销 · Ctrl+Shift+Z 重做</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Completion A</source>
        <translation>补全 A</translation>
    </message>
    <message>
        <source>Completion B</source>
        <translation>补全 B</translation>
    </message>
    <message>
        <source>A is better (A)</source>
        <translation>A 更好 (A)</translation>
    </message>
    <message>
        <source>B is better (B)</source>
        <translation>B 更好 (B)</translation>
    </message>
    <message>
        <source>Tie (T)</source>
        <translation>平局 (T)</translation>
    </message>
    <message>
        <source>Skip (S)</source>
        <translation>跳过 (S)</translation>
    </message>
    <message>
        <source>Flag (F)</source>
        <translation>标记 (F)</translation>
    </message>
    <message>
        <source>Mark the next answer for review</source>
        <translation>将下一个回答标记为待复核</translation>
    </message>
    <message>
        <source>Undo (Ctrl+Z)</source>
        <translation>撤销 (Ctrl+Z)</translation>
    </message>
    <message>
        <source>&lt;b&gt;A&lt;/b&gt;</source>
        <translation>&lt;b&gt;A&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;B&lt;/b&gt;</source>
        <translation>&lt;b&gt;B&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Prompt&lt;/b&gt;</source>
        <translation>&lt;b&gt;提示&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Pick a pairwise schema, or bring pairs in with Import pairs… (a JSONL file of prompt, chosen and rejected) or Generate pairs… (a language-model run sampled twice per prompt).</source>
        <translation>请选择一个偏好对方案，或用“导入偏好对…”（包含 prompt、chosen 和 rejected 的 JSONL 文件）或“生成偏好对…”（对每个提示采样语言模型运行两次）添加偏好对。</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; has no pairs yet. Import a JSONL file with prompt, chosen and rejected fields (Import pairs…), or sample a language-model run twice per prompt (Generate pairs…).</source>
        <translation>“{0}”中还没有偏好对。请导入包含 prompt、chosen 和 rejected 字段的 JSONL 文件（导入偏好对…），或对每个提示采样语言模型运行两次（生成偏好对…）。</translation>
    </message>
    <message numerus="yes">
        <source>Every pair of &apos;{schema}&apos; is answered by {annotator} (%Ln pair(s)). Import or generate more pairs, or train a reward model on them (llmstudio reward train).</source>
        <translation>
            <numerusform>“{schema}”中的所有偏好对（%Ln 个）都已由 {annotator} 回答。可以导入或生成更多偏好对，或用它们训练奖励模型（llmstudio reward train）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{done} of %Ln pair(s) answered by {annotator}</source>
        <translation>
            <numerusform>{annotator} 已回答 {done} / %Ln 个偏好对</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Agreement {first} / {second}: kappa {kappa} over %Ln pair(s)</source>
        <translation>
            <numerusform>一致性 {first} / {second}：kappa {kappa}，基于 %Ln 个偏好对</numerusform>
        </translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>无</translation>
    </message>
    <message>
        <source>(no prompt: the completions start a document)</source>
        <translation>（无提示：两个补全都是文档的开头）</translation>
    </message>
    <message>
        <source>Pair {0} · from {1}</source>
        <translation>偏好对 {0} · 来源：{1}</translation>
    </message>
    <message>
        <source>answer pair {0}</source>
        <translation>回答偏好对 {0}</translation>
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
    <name>Playground</name>
    <message>
        <source>The text the model continues</source>
        <translation>模型要续写的文本</translation>
    </message>
    <message>
        <source>Lower is more predictable, higher more varied (0.8 is a good start)</source>
        <translation>越低越可预测，越高越多样（0.8 是不错的起点）</translation>
    </message>
    <message>
        <source>Sample only from the k most likely tokens (0 = all)</source>
        <translation>只从概率最高的 k 个词元中采样（0 = 全部）</translation>
    </message>
    <message>
        <source>Nucleus: keep the likeliest tokens whose probabilities reach p (1 = off)</source>
        <translation>核采样：保留累计概率达到 p 的最可能词元（1 = 关闭）</translation>
    </message>
    <message>
        <source>Divide the scores of tokens already in the text (1 = off)</source>
        <translation>降低文本中已出现词元的得分（1 = 关闭）</translation>
    </message>
    <message>
        <source>The most tokens to add; sampling also stops at the end of a document</source>
        <translation>最多新增的词元数；遇到文档结尾也会停止采样</translation>
    </message>
    <message>
        <source>The same seed, prompt and settings give the same sample; &apos;random&apos; differs each time</source>
        <translation>相同的种子、提示词和设置会得到相同的样例；“随机”每次都不同</translation>
    </message>
    <message>
        <source>random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>Stop as soon as the sample contains one of these strings</source>
        <translation>样例一旦包含这些字符串之一就停止</translation>
    </message>
    <message>
        <source>stop strings, separated by |</source>
        <translation>停止字符串，用 | 分隔</translation>
    </message>
    <message>
        <source>Compare with</source>
        <translation>对比</translation>
    </message>
    <message>
        <source>Also generate with a second run, with the same settings and seed</source>
        <translation>同时用第二个运行、以相同的设置和种子生成</translation>
    </message>
    <message>
        <source>The run to compare with</source>
        <translation>用于对比的运行</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <source>Repetition penalty</source>
        <translation>重复惩罚</translation>
    </message>
    <message>
        <source>Max new tokens</source>
        <translation>最多新词元数</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Stop at</source>
        <translation>停止于</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>Each token is tinted by the probability the model gave it (red: unlikely, green: likely); hover a token for the model&apos;s top 5.</source>
        <translation>每个词元按模型给出的概率着色（红：不太可能，绿：很可能）；鼠标悬停可查看模型的前 5 个候选。</translation>
    </message>
    <message numerus="yes">
        <source>The sample ended after %Ln new token(s) because the model wrote the end of a document; this is how documents end in the training text. Generate again (with another seed) for a different continuation.</source>
        <translation>
            <numerusform>样例在新增 %Ln 个词元后结束，因为模型写出了文档结尾——训练文本中的文档就是这样结束的。换一个种子再次生成，可得到不同的续写。</numerusform>
        </translation>
    </message>
    <message>
        <source>Generating with run {0}</source>
        <translation>正在用运行 {0} 生成</translation>
    </message>
</context>
<context>
    <name>PolicyLiveView</name>
    <message>
        <source>prompt</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>policy</source>
        <translation>策略</translation>
    </message>
    <message>
        <source>reward</source>
        <translation>奖励</translation>
    </message>
    <message>
        <source>reference</source>
        <translation>参考模型</translation>
    </message>
    <message>
        <source>No policy run shown yet.</source>
        <translation>尚未显示任何策略运行。</translation>
    </message>
    <message>
        <source>Reward</source>
        <translation>奖励</translation>
    </message>
    <message>
        <source>mean ± spread</source>
        <translation>均值 ± 离散度</translation>
    </message>
    <message>
        <source>chosen</source>
        <translation>选中</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>margin</source>
        <translation>差距</translation>
    </message>
    <message>
        <source>held-out prompts</source>
        <translation>留出提示</translation>
    </message>
    <message>
        <source>KL to the reference</source>
        <translation>与参考模型的 KL</translation>
    </message>
    <message>
        <source>KL</source>
        <translation>KL</translation>
    </message>
    <message>
        <source>training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Policy loss</source>
        <translation>策略损失</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Preference accuracy</source>
        <translation>偏好准确率</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>Start a DPO run: the implicit rewards of the chosen and rejected completions, and their margin, appear here as it learns.</source>
        <translation>开始一次 DPO 运行：训练过程中，这里会显示选中与被拒绝补全的隐式奖励及其差距。</translation>
    </message>
    <message>
        <source>Start a GRPO run: the mean reward of its sampled completions, with their spread, appears here as it learns.</source>
        <translation>开始一次 GRPO 运行：训练过程中，这里会显示采样补全的平均奖励及其离散度。</translation>
    </message>
    <message>
        <source>How far the policy has moved from the reference model.</source>
        <translation>策略偏离参考模型的程度。</translation>
    </message>
    <message>
        <source>The loss the optimiser minimises at each step.</source>
        <translation>优化器每一步最小化的损失。</translation>
    </message>
    <message>
        <source>The share of pairs whose chosen completion the policy ranks above the rejected one.</source>
        <translation>策略将选中补全排在被拒绝补全之前的样本对所占比例。</translation>
    </message>
    <message>
        <source>Run {run}, step {step} / {max}</source>
        <translation>运行 {run}，第 {step} / {max} 步</translation>
    </message>
    <message>
        <source>reward {mean} ± {std}</source>
        <translation>奖励 {mean} ± {std}</translation>
    </message>
    <message>
        <source>accuracy {value}</source>
        <translation>准确率 {value}</translation>
    </message>
    <message>
        <source>KL {value}</source>
        <translation>KL {value}</translation>
    </message>
    <message>
        <source>loss {value}</source>
        <translation>损失 {value}</translation>
    </message>
    <message>
        <source>elapsed {value}</source>
        <translation>已用 {value}</translation>
    </message>
    <message>
        <source>ETA {value}</source>
        <translation>预计剩余 {value}</translation>
    </message>
    <message>
        <source>Run {run} ({algo}), {status} at step {step}</source>
        <translation>运行 {run}（{algo}），在第 {step} 步{status}</translation>
    </message>
</context>
<context>
    <name>PolicyRunsTable</name>
    <message>
        <source>id</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>algorithm</source>
        <translation>算法</translation>
    </message>
    <message>
        <source>start from</source>
        <translation>起点</translation>
    </message>
    <message>
        <source>reward</source>
        <translation>奖励</translation>
    </message>
    <message>
        <source>status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>held-out reward</source>
        <translation>留出奖励</translation>
    </message>
    <message>
        <source>KL</source>
        <translation>KL</translation>
    </message>
    <message>
        <source>message</source>
        <translation>消息</translation>
    </message>
</context>
<context>
    <name>PolicySetup</name>
    <message>
        <source>{name} ({count} answered)</source>
        <translation>{name}（已回答 {count} 对）</translation>
    </message>
    <message>
        <source>The language-model run the policy starts from; it stays frozen as the reference the KL is measured against</source>
        <translation>策略从这个语言模型运行出发；它保持冻结，作为衡量 KL 的参考模型</translation>
    </message>
    <message>
        <source>GRPO (online: sample, score, learn)</source>
        <translation>GRPO（在线：采样、打分、学习）</translation>
    </message>
    <message>
        <source>DPO (offline: from preference pairs)</source>
        <translation>DPO（离线：基于偏好样本对）</translation>
    </message>
    <message>
        <source>The preference pairs DPO learns from (a pairwise schema of the Label panel)</source>
        <translation>DPO 学习所用的偏好样本对（“标注”面板中的成对标注方案）</translation>
    </message>
    <message>
        <source>Start from</source>
        <translation>起点</translation>
    </message>
    <message>
        <source>Algorithm</source>
        <translation>算法</translation>
    </message>
    <message>
        <source>Reward</source>
        <translation>奖励</translation>
    </message>
    <message>
        <source>Pairs</source>
        <translation>样本对</translation>
    </message>
    <message>
        <source>language-model run {id} ({name})</source>
        <translation>语言模型运行 {id}（{name}）</translation>
    </message>
    <message>
        <source>There is no trained language-model run yet: train one in the Language model tab first.</source>
        <translation>还没有训练过的语言模型运行：请先在“语言模型”标签页训练一个。</translation>
    </message>
    <message>
        <source>DPO learns from preference pairs and the project has none: generate or import pairs in the Label panel, or use GRPO.</source>
        <translation>DPO 从偏好样本对中学习，而项目中还没有：请在“标注”面板生成或导入样本对，或改用 GRPO。</translation>
    </message>
    <message>
        <source>No pair of &apos;{name}&apos; is answered yet: label them in the Label panel (A, B or tie) first.</source>
        <translation>“{name}”中还没有已回答的样本对：请先在“标注”面板中标注（A、B 或平局）。</translation>
    </message>
</context>
<context>
    <name>PreviewView</name>
    <message>
        <source>Preview runs the recipe on a sample and writes nothing.</source>
        <translation>预览会在一个样本上运行方案，不写入任何内容。</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <source>would remove</source>
        <translation>将移除</translation>
    </message>
    <message>
        <source>would change</source>
        <translation>将修改</translation>
    </message>
    <message>
        <source>left</source>
        <translation>剩余</translation>
    </message>
    <message>
        <source>document</source>
        <translation>文档</translation>
    </message>
    <message>
        <source>reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>start of text</source>
        <translation>文本开头</translation>
    </message>
    <message>
        <source>Examples of removed documents</source>
        <translation>被移除文档的示例</translation>
    </message>
    <message>
        <source>Sample of {sample} of {total} documents: {kept} kept, {removed} removed, in {seconds} s ({note}).</source>
        <translation>从 {total} 篇文档中抽样 {sample} 篇：保留 {kept} 篇，移除 {removed} 篇，用时 {seconds} 秒（{note}）。</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>RecipeEditor</name>
    <message>
        <source>  ({count} changed)</source>
        <translation>（{count} 项已修改）</translation>
    </message>
    <message>
        <source>A preset or saved recipe to start from</source>
        <translation>作为起点的预设或已保存方案</translation>
    </message>
    <message>
        <source>The recipe&apos;s name, used when you save it</source>
        <translation>方案名称，保存时使用</translation>
    </message>
    <message>
        <source>recipe name</source>
        <translation>方案名称</translation>
    </message>
    <message>
        <source>Add step</source>
        <translation>添加步骤</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Start from</source>
        <translation>起始方案</translation>
    </message>
    <message>
        <source>saved: {name}</source>
        <translation>已保存：{name}</translation>
    </message>
    <message>
        <source>unknown step {name}</source>
        <translation>未知步骤 {name}</translation>
    </message>
    <message>
        <source>Add a step to start.</source>
        <translation>添加一个步骤开始。</translation>
    </message>
</context>
<context>
    <name>ReinforcementTab</name>
    <message>
        <source>Reinforcement learning starts from a trained language model: it stays frozen as the reference while a copy learns to earn more reward. Train one in the Language model tab first.</source>
        <translation>强化学习从一个训练好的语言模型出发：它保持冻结作为参考模型，由它的副本学习获得更多奖励。请先在“语言模型”标签页训练一个。</translation>
    </message>
    <message>
        <source>Go to Language model</source>
        <translation>前往“语言模型”</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>auto picks CUDA, then Apple MPS, then the CPU</source>
        <translation>自动依次选择 CUDA、Apple MPS、CPU</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Resume selected</source>
        <translation>继续所选运行</translation>
    </message>
    <message>
        <source>Continue a stopped or failed policy run from its last checkpoint</source>
        <translation>从最近的检查点继续一个已停止或失败的策略运行</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>实时</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>样例</translation>
    </message>
    <message>
        <source>Reward vs KL</source>
        <translation>奖励与 KL</translation>
    </message>
    <message>
        <source>Reward model</source>
        <translation>奖励模型</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>策略</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Cannot start: {reason}</source>
        <translation>无法开始：{reason}</translation>
    </message>
    <message>
        <source>Train a new policy run with these settings</source>
        <translation>用这些设置训练一个新的策略运行</translation>
    </message>
    <message>
        <source>Training a policy ({algo})</source>
        <translation>正在训练策略（{algo}）</translation>
    </message>
    <message>
        <source>Resuming policy run {id}</source>
        <translation>正在继续策略运行 {id}</translation>
    </message>
    <message numerus="yes">
        <source>Policy run {run} {status} after %Ln step(s): held-out reward {start} → {end}, KL {kl}.</source>
        <translation>
            <numerusform>策略运行 {run} 在 %Ln 步后{status}：留出奖励 {start} → {end}，KL {kl}。</numerusform>
        </translation>
    </message>
    <message>
        <source>The policy run stopped; Resume selected continues it.</source>
        <translation>策略运行已停止；点击“继续所选运行”可继续。</translation>
    </message>
    <message>
        <source>Reinforcement</source>
        <translation>强化学习</translation>
    </message>
</context>
<context>
    <name>RemovedTable</name>
    <message>
        <source>document</source>
        <translation>文档</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <source>reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>start of text</source>
        <translation>文本开头</translation>
    </message>
    <message>
        <source>Force keep</source>
        <translation>强制保留</translation>
    </message>
    <message>
        <source>Force drop</source>
        <translation>强制丢弃</translation>
    </message>
    <message>
        <source>Clear override</source>
        <translation>清除覆盖</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>all reasons ({count})</source>
        <translation>全部原因（{count}）</translation>
    </message>
</context>
<context>
    <name>RewardModelSection</name>
    <message>
        <source>Train a reward model</source>
        <translation>训练奖励模型</translation>
    </message>
    <message>
        <source>A reward model learns from preference pairs, and the project has none yet: generate or import pairs in the Label panel.</source>
        <translation>奖励模型从偏好样本对中学习，而项目中还没有：请在“标注”面板生成或导入样本对。</translation>
    </message>
    <message>
        <source>Go to Label</source>
        <translation>前往“标注”</translation>
    </message>
    <message>
        <source>The labelled preference pairs the reward model learns to rank (a pairwise schema of the Label panel)</source>
        <translation>奖励模型学习排序的已标注偏好样本对（“标注”面板中的成对标注方案）</translation>
    </message>
    <message>
        <source>Start the reward model from a language-model run&apos;s weights, or from scratch</source>
        <translation>从某个语言模型运行的权重开始训练奖励模型，或从头训练</translation>
    </message>
    <message>
        <source>more settings, e.g. reward.epochs=3 train.lr=0.001</source>
        <translation>更多设置，例如 reward.epochs=3 train.lr=0.001</translation>
    </message>
    <message>
        <source>reward.*, model.* and train.* settings separated by spaces:</source>
        <translation>reward.*、model.* 和 train.* 设置，用空格分隔：</translation>
    </message>
    <message>
        <source>Train reward model</source>
        <translation>训练奖励模型</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Reward model</source>
        <translation>奖励模型</translation>
    </message>
    <message>
        <source>loss / accuracy</source>
        <translation>损失 / 准确率</translation>
    </message>
    <message>
        <source>Bradley-Terry loss</source>
        <translation>Bradley-Terry 损失</translation>
    </message>
    <message>
        <source>held-out pair accuracy</source>
        <translation>留出样本对准确率</translation>
    </message>
    <message>
        <source>Train a reward model: its loss on the training pairs and its accuracy on held-out pairs appear here.</source>
        <translation>训练一个奖励模型：它在训练样本对上的损失和在留出样本对上的准确率会显示在这里。</translation>
    </message>
    <message>
        <source>Pairs</source>
        <translation>样本对</translation>
    </message>
    <message>
        <source>Start from</source>
        <translation>起点</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>scratch (a new small Transformer)</source>
        <translation>从头训练（一个新的小型 Transformer）</translation>
    </message>
    <message>
        <source>language-model run {id} ({name})</source>
        <translation>语言模型运行 {id}（{name}）</translation>
    </message>
    <message>
        <source>Cannot start: {reason}</source>
        <translation>无法开始：{reason}</translation>
    </message>
    <message>
        <source>Train a reward model on the answered pairs</source>
        <translation>用已回答的样本对训练奖励模型</translation>
    </message>
    <message>
        <source>Cannot start: no pair of this schema is answered yet; label them in the Label panel first</source>
        <translation>无法开始：此方案中还没有已回答的样本对；请先在“标注”面板中标注</translation>
    </message>
    <message>
        <source>Training a reward model on the pairs of &apos;{schema}&apos;…</source>
        <translation>正在用“{schema}”的样本对训练奖励模型…</translation>
    </message>
    <message>
        <source>Training a reward model</source>
        <translation>正在训练奖励模型</translation>
    </message>
    <message>
        <source>Reward-model run {run}, step {step} / {max}: loss {loss:.4f}</source>
        <translation>奖励模型运行 {run}，第 {step} / {max} 步：损失 {loss:.4f}</translation>
    </message>
    <message>
        <source>Reward-model run {run}: pair accuracy {accuracy:.3f} on {heldout} held-out pairs ({train} to train). Use it as a policy&apos;s reward in the Policy tab.</source>
        <translation>奖励模型运行 {run}：在 {heldout} 对留出样本上的准确率为 {accuracy:.3f}（训练用 {train} 对）。可在“策略”标签页把它用作策略的奖励。</translation>
    </message>
    <message>
        <source>Reward-model training stopped.</source>
        <translation>奖励模型训练已停止。</translation>
    </message>
</context>
<context>
    <name>RewardPicker</name>
    <message>
        <source>a classifier run&apos;s label</source>
        <translation>分类器运行的某个标签</translation>
    </message>
    <message>
        <source>a reward-model run</source>
        <translation>奖励模型运行</translation>
    </message>
    <message>
        <source>a rule file</source>
        <translation>规则文件</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>GRPO scores every sampled completion with this reward; DPO uses it only to score the held-out prompts (optional)</source>
        <translation>GRPO 用这个奖励为每个采样补全打分；DPO 只用它为留出提示打分（可选）</translation>
    </message>
    <message>
        <source>A trained classifier run of this project (Train panel, Classifier tab)</source>
        <translation>本项目中训练好的分类器运行（“训练”面板的“分类器”标签页）</translation>
    </message>
    <message>
        <source>The reward is the probability the classifier gives this label</source>
        <translation>奖励是分类器给出该标签的概率</translation>
    </message>
    <message>
        <source>A reward model trained on preference pairs (the Reward model tab)</source>
        <translation>在偏好样本对上训练的奖励模型（“奖励模型”标签页）</translation>
    </message>
    <message>
        <source>rule file (.toml)</source>
        <translation>规则文件（.toml）</translation>
    </message>
    <message>
        <source>Keywords, regular expressions and length bounds with weights; nothing in it is executed</source>
        <translation>带权重的关键词、正则表达式和长度范围；文件中的内容不会被执行</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>classifier run {id}</source>
        <translation>分类器运行 {id}</translation>
    </message>
    <message>
        <source>reward-model run {id}</source>
        <translation>奖励模型运行 {id}</translation>
    </message>
    <message>
        <source>Choose a reward rule file</source>
        <translation>选择奖励规则文件</translation>
    </message>
    <message>
        <source>Reward rules (*.toml)</source>
        <translation>奖励规则 (*.toml)</translation>
    </message>
    <message>
        <source>GRPO learns from a reward: choose a classifier run, a reward-model run or a rule file.</source>
        <translation>GRPO 从奖励中学习：请选择分类器运行、奖励模型运行或规则文件。</translation>
    </message>
    <message>
        <source>There is no trained classifier run yet: train one in the Classifier tab, or use a rule file as the reward.</source>
        <translation>还没有训练好的分类器运行：请在“分类器”标签页训练一个，或用规则文件作为奖励。</translation>
    </message>
    <message>
        <source>Classifier run {id} lists no labels; train it again.</source>
        <translation>分类器运行 {id} 没有列出任何标签；请重新训练。</translation>
    </message>
    <message>
        <source>There is no reward-model run yet: train one from preference pairs in the Reward model tab.</source>
        <translation>还没有奖励模型运行：请在“奖励模型”标签页用偏好样本对训练一个。</translation>
    </message>
    <message>
        <source>Choose the rule file (.toml) that scores the completions.</source>
        <translation>请选择为补全打分的规则文件（.toml）。</translation>
    </message>
</context>
<context>
    <name>RunStatus</name>
    <message>
        <source>created</source>
        <translation>已创建</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>已失败</translation>
    </message>
</context>
<context>
    <name>Runs</name>
    <message>
        <source>run {id}</source>
        <translation>运行 {id}</translation>
    </message>
    <message>
        <source>run {id}: {name}</source>
        <translation>运行 {id}：{name}</translation>
    </message>
</context>
<context>
    <name>RunsTable</name>
    <message>
        <source>id</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>train loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>val loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>best val</source>
        <translation>最佳验证</translation>
    </message>
    <message>
        <source>device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>config</source>
        <translation>配置</translation>
    </message>
    <message>
        <source>message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>tokenizer {id}, </source>
        <translation>分词器 {id}，</translation>
    </message>
</context>
<context>
    <name>SamplesView</name>
    <message>
        <source>Every few steps the run shows its completions for a few held-out prompts here, beside the reference model&apos;s.</source>
        <translation>运行每隔几步会在这里展示它对几个留出提示的补全，并与参考模型的补全并排对照。</translation>
    </message>
    <message>
        <source>Run {run}, step {step}: the policy&apos;s completions beside the reference model&apos;s for the same prompts.</source>
        <translation>运行 {run}，第 {step} 步：同一提示下策略的补全与参考模型的补全对照。</translation>
    </message>
</context>
<context>
    <name>SchemaEditor</name>
    <message>
        <source>Labels</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Shortcut…</source>
        <translation>快捷键…</translation>
    </message>
    <message>
        <source>Merge into…</source>
        <translation>合并到…</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Save guidelines</source>
        <translation>保存指南</translation>
    </message>
    <message>
        <source>no key</source>
        <translation>无快捷键</translation>
    </message>
    <message>
        <source>Add a label</source>
        <translation>添加标签</translation>
    </message>
    <message>
        <source>Label (optionally &apos;name = key&apos;):</source>
        <translation>标签（可写成“名字 = 键”）：</translation>
    </message>
    <message>
        <source>Rename label</source>
        <translation>重命名标签</translation>
    </message>
    <message>
        <source>New name for &apos;{name}&apos;:</source>
        <translation>“{name}”的新名字：</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>Key for &apos;{name}&apos; (1-9 or a letter):</source>
        <translation>“{name}”的按键（1-9 或一个字母）：</translation>
    </message>
    <message>
        <source>Merge labels</source>
        <translation>合并标签</translation>
    </message>
    <message>
        <source>Merge &apos;{name}&apos; into:</source>
        <translation>将“{name}”合并到：</translation>
    </message>
    <message>
        <source>Delete label</source>
        <translation>删除标签</translation>
    </message>
    <message numerus="yes">
        <source>Delete &apos;{name}&apos;? This removes %Ln annotation(s) that use it.</source>
        <translation>
            <numerusform>删除“{name}”吗？这会移除使用它的 %Ln 条标注。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>vocab size</source>
        <translation>词表大小 (vocab_size)</translation>
    </message>
    <message>
        <source>Number of tokens; taken from the tokenizer when training starts (0 = not known yet).</source>
        <translation>词元数量；训练开始时取自分词器（0 = 尚未确定）。</translation>
    </message>
    <message>
        <source>n layer</source>
        <translation>层数 (n_layer)</translation>
    </message>
    <message>
        <source>Number of Transformer blocks stacked on top of each other.</source>
        <translation>堆叠的 Transformer 块数量。</translation>
    </message>
    <message>
        <source>n head</source>
        <translation>注意力头数 (n_head)</translation>
    </message>
    <message>
        <source>Attention heads per block; must divide d_model.</source>
        <translation>每个块的注意力头数；必须能整除 d_model。</translation>
    </message>
    <message>
        <source>n kv head</source>
        <translation>键值头数 (n_kv_head)</translation>
    </message>
    <message>
        <source>Key/value heads (grouped-query attention); 0 means the same as n_head; must divide n_head.</source>
        <translation>键/值头数（分组查询注意力）；0 表示与 n_head 相同；必须能整除 n_head。</translation>
    </message>
    <message>
        <source>d model</source>
        <translation>模型宽度 (d_model)</translation>
    </message>
    <message>
        <source>Width of the residual stream (embedding size).</source>
        <translation>残差流的宽度（嵌入维度）。</translation>
    </message>
    <message>
        <source>mlp ratio</source>
        <translation>MLP 倍率 (mlp_ratio)</translation>
    </message>
    <message>
        <source>Width of the MLP as a multiple of d_model.</source>
        <translation>MLP 的宽度，以 d_model 的倍数表示。</translation>
    </message>
    <message>
        <source>context length</source>
        <translation>上下文长度 (context_length)</translation>
    </message>
    <message>
        <source>How many tokens the model sees at once (block size).</source>
        <translation>模型一次能看到的词元数（块大小）。</translation>
    </message>
    <message>
        <source>dropout</source>
        <translation>Dropout 比例 (dropout)</translation>
    </message>
    <message>
        <source>Dropout probability during training (0 for small data is usually best below ~10M tokens).</source>
        <translation>训练时的 dropout 概率（数据少于约 1000 万词元时，通常 0 最好）。</translation>
    </message>
    <message>
        <source>bias</source>
        <translation>偏置 (bias)</translation>
    </message>
    <message>
        <source>Use bias terms in linear layers and norms.</source>
        <translation>在线性层和归一化层中使用偏置项。</translation>
    </message>
    <message>
        <source>tie embeddings</source>
        <translation>共享嵌入 (tie_embeddings)</translation>
    </message>
    <message>
        <source>Share the token embedding with the output layer (fewer parameters).</source>
        <translation>词元嵌入与输出层共享权重（参数更少）。</translation>
    </message>
    <message>
        <source>pos encoding</source>
        <translation>位置编码 (pos_encoding)</translation>
    </message>
    <message>
        <source>Positional encoding: learned, sinusoidal or rope.</source>
        <translation>位置编码：learned（可学习）、sinusoidal（正弦）或 rope。</translation>
    </message>
    <message>
        <source>norm</source>
        <translation>归一化 (norm)</translation>
    </message>
    <message>
        <source>Normalisation: layernorm or rmsnorm.</source>
        <translation>归一化方式：layernorm 或 rmsnorm。</translation>
    </message>
    <message>
        <source>activation</source>
        <translation>激活函数 (activation)</translation>
    </message>
    <message>
        <source>MLP activation: gelu, gelu_tanh (GPT-2&apos;s tanh approximation) or swiglu.</source>
        <translation>MLP 激活函数：gelu、gelu_tanh（GPT-2 的 tanh 近似）或 swiglu。</translation>
    </message>
    <message>
        <source>mlp width</source>
        <translation>MLP 宽度</translation>
    </message>
    <message>
        <source>Exact MLP hidden width (0 = derived from mlp_ratio); imported models set it.</source>
        <translation>MLP 隐藏层的确切宽度（0 = 由 mlp_ratio 推算）；导入的模型会设置它。</translation>
    </message>
    <message>
        <source>rope theta</source>
        <translation>RoPE 基频</translation>
    </message>
    <message>
        <source>RoPE base frequency (only with pos_encoding rope).</source>
        <translation>RoPE 基础频率（仅当 pos_encoding 为 rope 时有效）。</translation>
    </message>
    <message>
        <source>norm eps</source>
        <translation>归一化 eps</translation>
    </message>
    <message>
        <source>Epsilon of the norms (0 = the default: 1e-5 for layernorm, 1e-6 for rmsnorm).</source>
        <translation>归一化层的 epsilon（0 = 默认值：layernorm 为 1e-5，rmsnorm 为 1e-6）。</translation>
    </message>
    <message>
        <source>batch size</source>
        <translation>批大小 (batch_size)</translation>
    </message>
    <message>
        <source>Sequences per optimizer step (per micro-batch when grad_accum &gt; 1).</source>
        <translation>每个优化步的序列数（grad_accum &gt; 1 时为每个微批次）。</translation>
    </message>
    <message>
        <source>grad accum</source>
        <translation>梯度累积 (grad_accum)</translation>
    </message>
    <message>
        <source>Micro-batches accumulated before each optimizer step.</source>
        <translation>每个优化步之前累积的微批次数。</translation>
    </message>
    <message>
        <source>max steps</source>
        <translation>最大步数 (max_steps)</translation>
    </message>
    <message>
        <source>Optimizer steps to train for (derived from token_budget when that is set).</source>
        <translation>训练的优化步数（设置了 token_budget 时由其推算）。</translation>
    </message>
    <message>
        <source>token budget</source>
        <translation>词元预算 (token_budget)</translation>
    </message>
    <message>
        <source>Train on this many tokens in all (0 = off); when set, max_steps is derived from it.</source>
        <translation>总共训练这么多词元（0 = 关闭）；设置后 max_steps 由它推算。</translation>
    </message>
    <message>
        <source>lr</source>
        <translation>学习率 (lr)</translation>
    </message>
    <message>
        <source>Peak learning rate (after warmup).</source>
        <translation>峰值学习率（预热之后）。</translation>
    </message>
    <message>
        <source>min lr</source>
        <translation>最小学习率 (min_lr)</translation>
    </message>
    <message>
        <source>Learning rate at the end of the decay.</source>
        <translation>衰减结束时的学习率。</translation>
    </message>
    <message>
        <source>warmup steps</source>
        <translation>预热步数 (warmup_steps)</translation>
    </message>
    <message>
        <source>Steps of linear warmup from 0 to lr.</source>
        <translation>学习率从 0 线性升到 lr 的步数。</translation>
    </message>
    <message>
        <source>schedule</source>
        <translation>学习率调度 (schedule)</translation>
    </message>
    <message>
        <source>Decay after warmup: cosine, linear, constant or wsd (warmup-stable-decay).</source>
        <translation>预热后的衰减方式：cosine、linear、constant 或 wsd（预热-稳定-衰减）。</translation>
    </message>
    <message>
        <source>weight decay</source>
        <translation>权重衰减 (weight_decay)</translation>
    </message>
    <message>
        <source>AdamW weight decay (not applied to norms, biases and embeddings).</source>
        <translation>AdamW 权重衰减（不作用于归一化层、偏置和嵌入）。</translation>
    </message>
    <message>
        <source>beta1</source>
        <translation>beta1</translation>
    </message>
    <message>
        <source>AdamW beta1.</source>
        <translation>AdamW 的 beta1。</translation>
    </message>
    <message>
        <source>beta2</source>
        <translation>beta2</translation>
    </message>
    <message>
        <source>AdamW beta2 (0.99 suits small batches).</source>
        <translation>AdamW 的 beta2（0.99 适合小批量）。</translation>
    </message>
    <message>
        <source>eps</source>
        <translation>eps</translation>
    </message>
    <message>
        <source>AdamW epsilon.</source>
        <translation>AdamW 的 epsilon。</translation>
    </message>
    <message>
        <source>grad clip</source>
        <translation>梯度裁剪 (grad_clip)</translation>
    </message>
    <message>
        <source>Clip the gradient norm to this value (0 = off).</source>
        <translation>把梯度范数裁剪到这个值（0 = 关闭）。</translation>
    </message>
    <message>
        <source>eval interval</source>
        <translation>评估间隔 (eval_interval)</translation>
    </message>
    <message>
        <source>Estimate validation loss every N steps (and at the start and end).</source>
        <translation>每 N 步估算一次验证损失（开始和结束时也会估算）。</translation>
    </message>
    <message>
        <source>eval batches</source>
        <translation>评估批次数 (eval_batches)</translation>
    </message>
    <message>
        <source>Batches averaged for each loss estimate.</source>
        <translation>每次估算损失时平均的批次数。</translation>
    </message>
    <message>
        <source>log interval</source>
        <translation>日志间隔 (log_interval)</translation>
    </message>
    <message>
        <source>Report train loss and speed every N steps, and at every evaluation.</source>
        <translation>每 N 步以及每次评估时报告训练损失和速度。</translation>
    </message>
    <message>
        <source>checkpoint interval</source>
        <translation>检查点间隔 (checkpoint_interval)</translation>
    </message>
    <message>
        <source>Save a checkpoint every N steps (and at the end, on stop, and on failure).</source>
        <translation>每 N 步保存一个检查点（结束、停止和失败时也会保存）。</translation>
    </message>
    <message>
        <source>keep last</source>
        <translation>保留数量 (keep_last)</translation>
    </message>
    <message>
        <source>How many recent checkpoints to keep on disk.</source>
        <translation>磁盘上保留最近多少个检查点。</translation>
    </message>
    <message>
        <source>seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Random seed for initialisation and batch order.</source>
        <translation>用于初始化和批次顺序的随机种子。</translation>
    </message>
    <message>
        <source>precision</source>
        <translation>精度 (precision)</translation>
    </message>
    <message>
        <source>auto, fp32, bf16 or fp16 (auto: bf16 on CUDA when supported, fp32 on CPU).</source>
        <translation>auto、fp32、bf16 或 fp16（auto：CUDA 支持时用 bf16，CPU 上用 fp32）。</translation>
    </message>
    <message>
        <source>compile</source>
        <translation>编译 (compile)</translation>
    </message>
    <message>
        <source>torch.compile the model: auto (on for CUDA, off on CPU and MPS), true or false.</source>
        <translation>用 torch.compile 编译模型：auto（CUDA 上开启，CPU 和 MPS 上关闭）、true 或 false。</translation>
    </message>
    <message>
        <source>threads</source>
        <translation>线程数 (threads)</translation>
    </message>
    <message>
        <source>CPU threads for torch (0 = automatic: half the cores, at least 1). More threads only help on idle cores: when other programs are busy, one descheduled thread stalls the rest (2 threads on 2 busy cores ran 8-9x slower than 1).</source>
        <translation>torch 使用的 CPU 线程数（0 = 自动：一半的核心，至少 1 个）。只有在核心空闲时更多线程才有帮助：其他程序占用 CPU 时，一个被挂起的线程会拖住其余线程（在 2 个繁忙核心上，2 个线程比 1 个线程慢 8–9 倍）。</translation>
    </message>
    <message>
        <source>early stop patience</source>
        <translation>早停耐心 (early_stop_patience)</translation>
    </message>
    <message>
        <source>Stop after this many evaluations without a better val loss (classifier runs: validation macro-F1; reward runs: held-out pair accuracy) (0 = never); on by default so an overfitting run ends by itself.</source>
        <translation>连续这么多次评估验证损失都没有改善就停止（分类器运行看验证集宏平均 F1；奖励模型运行看留出偏好对准确率）（0 = 从不）；默认开启，过拟合的运行会自行结束。</translation>
    </message>
    <message>
        <source>fsdp</source>
        <translation>FSDP 分片 (fsdp)</translation>
    </message>
    <message>
        <source>Under torchrun, shard weights, gradients and AdamW state across GPUs (FSDP) instead of DDP.</source>
        <translation>在 torchrun 下，把权重、梯度和 AdamW 状态分片到多个 GPU（FSDP），而不是 DDP。</translation>
    </message>
    <message>
        <source>lora rank</source>
        <translation>LoRA 秩</translation>
    </message>
    <message>
        <source>LoRA: rank of the low-rank adapters (0 = off: every weight trains). With a rank, the weights are frozen and only the adapters train; export merges them in.</source>
        <translation>LoRA：低秩适配器的秩（0 = 关闭：所有权重都训练）。设置秩后，原权重冻结，只训练适配器；导出时合并进权重。</translation>
    </message>
    <message>
        <source>lora alpha</source>
        <translation>LoRA alpha</translation>
    </message>
    <message>
        <source>LoRA: scale of the adapters&apos; update (the update is multiplied by lora_alpha / lora_rank).</source>
        <translation>LoRA：适配器更新的缩放（更新量乘以 lora_alpha / lora_rank）。</translation>
    </message>
    <message>
        <source>lora dropout</source>
        <translation>LoRA dropout</translation>
    </message>
    <message>
        <source>LoRA: dropout on the adapters&apos; input during training.</source>
        <translation>LoRA：训练时对适配器输入施加的 dropout。</translation>
    </message>
    <message>
        <source>lora targets</source>
        <translation>LoRA 目标</translation>
    </message>
    <message>
        <source>LoRA: the projections that get adapters, comma-separated: qkv (attention q/k/v), proj (attention output), up (MLP up/gate), down (MLP down); or all, attention, mlp.</source>
        <translation>LoRA：加适配器的投影层，用逗号分隔：qkv（注意力 q/k/v）、proj（注意力输出）、up（MLP 上投影/门控）、down（MLP 下投影）；或 all、attention、mlp。</translation>
    </message>
    <message>
        <source>instruct</source>
        <translation>指令数据集</translation>
    </message>
    <message>
        <source>Instruction tuning: the prompt/response dataset to train on (llmstudio instruct; empty = the project&apos;s text). Loss is on the response tokens only.</source>
        <translation>指令微调：用于训练的提示/回答数据集（llmstudio instruct；留空 = 使用项目文本）。只在回答的词元上计算损失。</translation>
    </message>
    <message>
        <source>chat template</source>
        <translation>对话模板</translation>
    </message>
    <message>
        <source>Instruction tuning: how a prompt and its response become one text: instruction (### Instruction / ### Response), chatml or plain (Question / Answer); stored with the run and exported as chat_template.</source>
        <translation>指令微调：提示与回答如何拼成一段文本：instruction（### Instruction / ### Response）、chatml 或 plain（Question / Answer）；随运行保存，并导出为 chat_template。</translation>
    </message>
    <message>
        <source>Optimizer steps to train the policy for.</source>
        <translation>训练策略模型的优化步数。</translation>
    </message>
    <message>
        <source>Learning rate of the policy (AdamW, constant after warmup). Lower it when a run diverges.</source>
        <translation>策略模型的学习率（AdamW，预热后保持不变）。运行发散时请调低。</translation>
    </message>
    <message>
        <source>beta</source>
        <translation>DPO 约束强度 β (beta)</translation>
    </message>
    <message>
        <source>DPO: strength of the implicit KL constraint (higher stays closer to the reference).</source>
        <translation>DPO：隐式 KL 约束的强度（越大越接近参考模型）。</translation>
    </message>
    <message>
        <source>kl coef</source>
        <translation>KL 系数</translation>
    </message>
    <message>
        <source>GRPO: weight of the KL penalty to the reference model (higher stays closer).</source>
        <translation>GRPO：相对参考模型的 KL 惩罚权重（越大越接近参考模型）。</translation>
    </message>
    <message>
        <source>group size</source>
        <translation>组大小</translation>
    </message>
    <message>
        <source>GRPO: completions sampled per prompt; advantages are normalised within this group.</source>
        <translation>GRPO：每个提示采样的补全数；优势值在组内归一化。</translation>
    </message>
    <message>
        <source>prompts per step</source>
        <translation>每步提示数</translation>
    </message>
    <message>
        <source>Prompts per step (GRPO), or preference pairs per step (DPO).</source>
        <translation>每步的提示数（GRPO），或每步的偏好对数（DPO）。</translation>
    </message>
    <message>
        <source>max new tokens</source>
        <translation>最多新词元数</translation>
    </message>
    <message>
        <source>Longest completion sampled for a prompt.</source>
        <translation>为一个提示采样的补全的最大长度。</translation>
    </message>
    <message>
        <source>temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Sampling temperature of the completions (1 = the model&apos;s own distribution).</source>
        <translation>补全的采样温度（1 表示模型自身的分布）。</translation>
    </message>
    <message>
        <source>clip</source>
        <translation>裁剪</translation>
    </message>
    <message>
        <source>GRPO: the probability ratio is clipped to [1 - clip, 1 + clip].</source>
        <translation>GRPO：概率比被裁剪到 [1 - clip, 1 + clip]。</translation>
    </message>
    <message>
        <source>eval prompts</source>
        <translation>评估提示数</translation>
    </message>
    <message>
        <source>Document beginnings held out of training: the policy&apos;s mean reward and KL on them are the frontier&apos;s points.</source>
        <translation>不参与训练的文档开头：策略模型在这些提示上的平均奖励和 KL 构成前沿图上的点。</translation>
    </message>
    <message>
        <source>Random seed: which prompts are held out, prompt order and sampling.</source>
        <translation>随机种子：决定哪些提示被留出、提示顺序和采样。</translation>
    </message>
    <message>
        <source>prompt tokens</source>
        <translation>提示词元数</translation>
    </message>
    <message>
        <source>Tokens taken from the beginning of each document as a prompt.</source>
        <translation>从每篇文档开头取作提示的词元数。</translation>
    </message>
    <message>
        <source>prompt pool</source>
        <translation>提示池</translation>
    </message>
    <message>
        <source>At most this many documents give prompts (a seeded random choice).</source>
        <translation>最多从这么多篇文档中取提示（按种子随机选择）。</translation>
    </message>
    <message>
        <source>updates per batch</source>
        <translation>每批更新次数</translation>
    </message>
    <message>
        <source>GRPO: optimizer steps on each batch of samples (above 1 the clip matters).</source>
        <translation>GRPO：每批样本上的优化步数（大于 1 时裁剪才起作用）。</translation>
    </message>
    <message>
        <source>score prompt</source>
        <translation>给提示打分</translation>
    </message>
    <message>
        <source>Score the prompt and its completion together (true) or the completion alone (false).</source>
        <translation>将提示与补全一起打分（true），或只给补全打分（false）。</translation>
    </message>
    <message>
        <source>eval samples</source>
        <translation>评估采样数</translation>
    </message>
    <message>
        <source>Completions sampled per held-out prompt at each evaluation.</source>
        <translation>每次评估时每个留出提示采样的补全数。</translation>
    </message>
    <message>
        <source>eval every</source>
        <translation>评估间隔</translation>
    </message>
    <message>
        <source>Evaluate on the held-out prompts every N steps (and at each checkpoint).</source>
        <translation>每 N 步在留出提示上评估一次（每个检查点也评估）。</translation>
    </message>
    <message>
        <source>sample every</source>
        <translation>示例间隔</translation>
    </message>
    <message>
        <source>Show a few held-out completions beside the reference&apos;s every N steps.</source>
        <translation>每 N 步把几个留出提示的补全与参考模型的补全并排显示。</translation>
    </message>
    <message>
        <source>sample prompts</source>
        <translation>示例提示数</translation>
    </message>
    <message>
        <source>Held-out prompts shown in each set of samples.</source>
        <translation>每组示例中显示的留出提示数。</translation>
    </message>
    <message>
        <source>checkpoint every</source>
        <translation>检查点间隔</translation>
    </message>
    <message>
        <source>Save a checkpoint every N steps (and at the end and on stop).</source>
        <translation>每 N 步保存一个检查点（结束和停止时也保存）。</translation>
    </message>
    <message>
        <source>max kl</source>
        <translation>最大 KL</translation>
    </message>
    <message>
        <source>Stop the run as diverged when the mean per-token KL to the reference exceeds this (0 = never).</source>
        <translation>相对参考模型的每词元平均 KL 超过此值时，视为发散并停止运行（0 表示从不）。</translation>
    </message>
    <message>
        <source>CPU threads for torch (0 = automatic).</source>
        <translation>torch 使用的 CPU 线程数（0 表示自动）。</translation>
    </message>
    <message>
        <source>schema</source>
        <translation>标注方案 (schema)</translation>
    </message>
    <message>
        <source>The pairwise label schema whose answered pairs the model learns from.</source>
        <translation>成对标注方案：模型从其中已作答的偏好对学习。</translation>
    </message>
    <message>
        <source>max length</source>
        <translation>最大长度 (max_length)</translation>
    </message>
    <message>
        <source>Tokens per text (prompt + completion); longer texts are cut (see truncation).</source>
        <translation>每段文本（提示 + 续写）的词元数；更长的文本会被截断（见 truncation）。</translation>
    </message>
    <message>
        <source>truncation</source>
        <translation>截断方式 (truncation)</translation>
    </message>
    <message>
        <source>Which side of a long text is cut: start (keep the completion&apos;s end) or end (keep the prompt).</source>
        <translation>长文本从哪一侧截断：start（截去开头，保留续写的结尾）或 end（截去结尾，保留提示）。</translation>
    </message>
    <message>
        <source>from run</source>
        <translation>起始运行 (from_run)</translation>
    </message>
    <message>
        <source>Start from this language-model run&apos;s weights (0: from scratch).</source>
        <translation>从这个语言模型运行的权重开始（0：从头训练）。</translation>
    </message>
    <message>
        <source>freeze body</source>
        <translation>冻结主体 (freeze_body)</translation>
    </message>
    <message>
        <source>With from_run: train the value head only; the Transformer body stays as the language model left it.</source>
        <translation>配合 from_run 使用：只训练价值头；Transformer 主体保持语言模型训练后的样子。</translation>
    </message>
    <message>
        <source>epochs</source>
        <translation>轮数 (epochs)</translation>
    </message>
    <message>
        <source>Passes over the training pairs; sets train.max_steps (0: use train.max_steps).</source>
        <translation>遍历训练偏好对的次数；据此设定 train.max_steps（0：使用 train.max_steps）。</translation>
    </message>
    <message>
        <source>tokenizer</source>
        <translation>分词器 (tokenizer)</translation>
    </message>
    <message>
        <source>Tokenizer id (0: from_run&apos;s tokenizer, else the latest); a from_run language model must have been trained with it.</source>
        <translation>分词器编号（0：使用 from_run 的分词器，否则用最新的）；from_run 指定的语言模型必须是用它训练的。</translation>
    </message>
</context>
<context>
    <name>SourceKinds</name>
    <message>
        <source>file</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>archive</source>
        <translation>压缩包</translation>
    </message>
    <message>
        <source>url</source>
        <translation>网址</translation>
    </message>
</context>
<context>
    <name>SourcesPanel</name>
    <message>
        <source>id</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>path</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>options</source>
        <translation>选项</translation>
    </message>
    <message>
        <source>size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>documents</source>
        <translation>文档数</translation>
    </message>
    <message>
        <source>imported</source>
        <translation>导入时间</translation>
    </message>
    <message>
        <source>errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Remove source…</source>
        <translation>移除数据源…</translation>
    </message>
    <message>
        <source>Show all documents</source>
        <translation>显示全部文档</translation>
    </message>
    <message>
        <source>Import files, folders, archives or web pages (or drop them on the window)</source>
        <translation>导入文件、文件夹、压缩包或网页（也可拖放到窗口上）</translation>
    </message>
    <message>
        <source>Remove the selected source and its documents from the project</source>
        <translation>从项目中移除所选数据源及其文档</translation>
    </message>
    <message>
        <source>Browse and search every document, not only the selected source&apos;s</source>
        <translation>浏览和搜索所有文档，而不仅是所选数据源的文档</translation>
    </message>
    <message>
        <source>No text yet. Import files, a folder or web pages to start: llmstudio keeps where each document came from.</source>
        <translation>还没有文本。导入文件、文件夹或网页即可开始：llmstudio 会记录每篇文档的来源。</translation>
    </message>
    <message>
        <source>Import text…</source>
        <translation>导入文本…</translation>
    </message>
    <message numerus="yes">
        <source>Last import: {documents} from {files}, {skipped} skipped, %Ln error(s)</source>
        <translation>
            <numerusform>上次导入：来自 {files} 的 {documents}，跳过 {skipped}，错误 %Ln 个</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove source {id} ({path}) and its %Ln document(s) from the project? Labels on those documents go with them.</source>
        <translation>
            <numerusform>从项目中移除数据源 {id}（{path}）及其 %Ln 篇文档吗？这些文档上的标签也会一起移除。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln problem(s) recorded for {path}</source>
        <translation>
            <numerusform>{path} 记录了 %Ln 个问题</numerusform>
        </translation>
    </message>
    <message>
        <source>{n} document</source>
        <translation>{n} 篇文档</translation>
    </message>
    <message>
        <source>{n} documents</source>
        <translation>{n} 篇文档</translation>
    </message>
    <message>
        <source>{n} file</source>
        <translation>{n} 个文件</translation>
    </message>
    <message>
        <source>{n} files</source>
        <translation>{n} 个文件</translation>
    </message>
    <message>
        <source>Search is unavailable: {reason}</source>
        <translation>搜索不可用：{reason}</translation>
    </message>
    <message>
        <source>Indexing documents for search</source>
        <translation>正在为文档建立搜索索引</translation>
    </message>
    <message>
        <source>Search index not updated: {reason}</source>
        <translation>搜索索引未更新：{reason}</translation>
    </message>
    <message>
        <source>Remove source</source>
        <translation>移除数据源</translation>
    </message>
    <message>
        <source>Select a source in the table first.</source>
        <translation>请先在表格中选择一个数据源。</translation>
    </message>
    <message>
        <source>An import is running; remove sources once it has finished.</source>
        <translation>正在导入；请在导入结束后再移除数据源。</translation>
    </message>
    <message>
        <source>Problems in source {id}</source>
        <translation>数据源 {id} 中的问题</translation>
    </message>
    <message>
        <source>defaults</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>(double-click for all)</source>
        <translation>（双击查看全部）</translation>
    </message>
    <message>
        <source>{sources}, {documents}</source>
        <translation>{sources}，{documents}</translation>
    </message>
    <message>
        <source>{n} source</source>
        <translation>{n} 个数据源</translation>
    </message>
    <message>
        <source>{n} sources</source>
        <translation>{n} 个数据源</translation>
    </message>
</context>
<context>
    <name>SplitWarning</name>
    <message>
        <source>the held-out figure may be optimistic</source>
        <translation>留出集上的数值可能偏乐观</translation>
    </message>
    <message>
        <source>the test figure may be optimistic</source>
        <translation>测试集上的数值可能偏乐观</translation>
    </message>
    <message>
        <source>⚠ Run {run} was trained on tokenizer {tokenizer}, whose token shards were made before the current train/validation/test split: it may have trained on documents now in the test split, so {figure}. Train the tokenizer again after splitting, then the language model.</source>
        <translation>⚠ 运行 {run} 使用分词器 {tokenizer} 训练，而该分词器的词元分片是在当前训练/验证/测试划分之前生成的：模型可能已在现在属于测试集的文档上训练过，因此{figure}。请在划分之后重新训练分词器，再重新训练语言模型。</translation>
    </message>
</context>
<context>
    <name>Splits</name>
    <message>
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试</translation>
    </message>
</context>
<context>
    <name>StepForm</name>
    <message>
        <source>Classic NLP: meant for text-classification features, not language-model pretraining.</source>
        <translation>经典 NLP：用于文本分类特征，不用于语言模型预训练。</translation>
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
        <source>The sweep whose results are shown</source>
        <translation>要显示其结果的扫描</translation>
    </message>
    <message>
        <source>The hyperparameter on the scatter plot&apos;s x axis</source>
        <translation>散点图 x 轴上的超参数</translation>
    </message>
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
        <source>No sweep yet. Choose the settings to vary on the left and press Queue the sweep: each trial trains a short run. The trials then appear here, best validation loss first, with a plot of each hyperparameter against the loss and how much each one mattered. Select a trial to start a full run with its settings.</source>
        <translation>还没有超参数扫描。在左侧选择要变化的设置，然后点击“将扫描加入队列”：每次试验都会训练一个短运行。试验结果随后显示在这里，验证损失最低的排在最前，并附有各超参数与损失的关系图以及每个超参数的重要性。选中一次试验，即可用它的设置开始一次完整的运行。</translation>
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
    <message>
        <source>A new run with the selected trial&apos;s settings, to train in the Train panel</source>
        <translation>用所选试验的设置新建一次运行，然后在“训练”面板中训练</translation>
    </message>
    <message>
        <source>Select a trial in the table first (queue a sweep to get some)</source>
        <translation>请先在表格中选择一个试验（将扫描加入队列即可得到试验）</translation>
    </message>
</context>
<context>
    <name>ThresholdCurves</name>
    <message>
        <source>Precision-recall</source>
        <translation>精确率-召回率</translation>
    </message>
    <message>
        <source>recall</source>
        <translation>召回率</translation>
    </message>
    <message>
        <source>precision</source>
        <translation>精确率</translation>
    </message>
    <message>
        <source>ROC</source>
        <translation>ROC 曲线</translation>
    </message>
    <message>
        <source>false positive rate</source>
        <translation>假阳性率</translation>
    </message>
    <message>
        <source>true positive rate</source>
        <translation>真阳性率</translation>
    </message>
    <message>
        <source> (positive label: {0})</source>
        <translation>（正类标签：{0}）</translation>
    </message>
</context>
<context>
    <name>TokenizerPanel</name>
    <message>
        <source>Number of tokens. Small corpora want small vocabularies (500-4000).</source>
        <translation>词元数量。小语料适合小词表（500-4000）。</translation>
    </message>
    <message>
        <source>bpe and unigram learn sub-words; char uses one token per character</source>
        <translation>bpe 和 unigram 学习子词；char 每个字符一个词元</translation>
    </message>
    <message>
        <source>Share of documents held out as the test split: never trained on, scored in Evaluate › Whole split</source>
        <translation>留作测试集的文档比例：从不参与训练，在“评估 › 整个数据划分”中打分</translation>
    </message>
    <message>
        <source>Train tokenizer</source>
        <translation>训练分词器</translation>
    </message>
    <message>
        <source>Train a tokenizer on the latest cleaned snapshot and write the training, validation and test token files</source>
        <translation>在最新的清洗快照上训练分词器，并写出训练集、验证集和测试集的词元文件</translation>
    </message>
    <message>
        <source>Test split</source>
        <translation>测试集比例</translation>
    </message>
    <message>
        <source>Vocabulary size</source>
        <translation>词表大小</translation>
    </message>
    <message>
        <source>Model type</source>
        <translation>模型类型</translation>
    </message>
    <message>
        <source>There is no cleaned text yet: the tokenizer trains on the latest cleaned snapshot. Run a cleaning recipe first.</source>
        <translation>还没有清洗过的文本：分词器在最新的清洗快照上训练。请先运行一个清洗方案。</translation>
    </message>
    <message>
        <source>Go to Clean</source>
        <translation>前往“清洗”</translation>
    </message>
    <message>
        <source>Train again</source>
        <translation>重新训练</translation>
    </message>
    <message>
        <source>id</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>vocabulary</source>
        <translation>词表</translation>
    </message>
    <message>
        <source>snapshot</source>
        <translation>快照</translation>
    </message>
    <message>
        <source>train tokens</source>
        <translation>训练词元数</translation>
    </message>
    <message>
        <source>val tokens</source>
        <translation>验证词元数</translation>
    </message>
    <message>
        <source>created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Type text to see how the latest tokenizer splits it</source>
        <translation>输入文本，查看最新分词器如何切分</translation>
    </message>
    <message>
        <source>Try the latest tokenizer:</source>
        <translation>试用最新的分词器：</translation>
    </message>
    <message>
        <source>Training the tokenizer</source>
        <translation>正在训练分词器</translation>
    </message>
    <message>
        <source>You asked for {asked} tokens, but this text only supports {got}: sentencepiece stopped there, so the tokenizer has {got} tokens. Import more text for a larger vocabulary.</source>
        <translation>你要求 {asked} 个词元，但这些文本只能支持 {got} 个：sentencepiece 在那里停止了，所以分词器只有 {got} 个词元。如需更大的词表，请导入更多文本。</translation>
    </message>
    <message numerus="yes">
        <source>Trains on the latest cleaned snapshot ({snapshot}: %Ln document(s)).</source>
        <translation>
            <numerusform>在最新的清洗快照上训练（快照 {snapshot}：%Ln 篇文档）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>⚠ %Ln document(s) arrived since the latest cleaning: a tokenizer trained now would not see them. Clean again first.</source>
        <translation>
            <numerusform>⚠ 自上次清洗以来新增了 %Ln 篇文档：现在训练的分词器看不到它们。请先重新清洗。</numerusform>
        </translation>
    </message>
    <message>
        <source>⚠ The latest tokenizer was trained on snapshot {old}; snapshot {new} is newer. Train again to use the new text.</source>
        <translation>⚠ 最新的分词器是在快照 {old} 上训练的；快照 {new} 更新。请重新训练以使用新文本。</translation>
    </message>
    <message>
        <source>⚠ The vocabulary ({vocab}) is large for {tokens} training tokens: most tokens will be seen only a few times and the model will overfit. Choose at most {suggest} tokens, or import more text.</source>
        <translation>⚠ 对于 {tokens} 个训练词元来说，词表（{vocab}）太大：大多数词元只会出现几次，模型会过拟合。请最多选择 {suggest} 个词元，或导入更多文本。</translation>
    </message>
    <message>
        <source>⚠ The validation set has only {tokens} tokens: its loss will jump from one evaluation to the next and early stopping may stop too soon. Import more text.</source>
        <translation>⚠ 验证集只有 {tokens} 个词元：验证损失会在各次评估之间大幅跳动，早停可能过早触发。请导入更多文本。</translation>
    </message>
    <message>
        <source>&lt;i&gt;No tokenizer yet.&lt;/i&gt;</source>
        <translation>&lt;i&gt;还没有分词器。&lt;/i&gt;</translation>
    </message>
    <message>
        <source>{count} tokens: {pieces}</source>
        <translation>{count} 个词元：{pieces}</translation>
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
        <source>step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>train loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>val loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>tokens/s</source>
        <translation>词元/秒</translation>
    </message>
    <message>
        <source>ms/step</source>
        <translation>毫秒/步</translation>
    </message>
    <message>
        <source>MFU</source>
        <translation>MFU</translation>
    </message>
    <message>
        <source>memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>elapsed</source>
        <translation>已用时间</translation>
    </message>
    <message>
        <source>ETA</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>auto picks CUDA, then Apple MPS, then the CPU</source>
        <translation>“自动”依次选择 CUDA、Apple MPS、CPU</translation>
    </message>
    <message>
        <source>Start new run</source>
        <translation>开始新的运行</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Resume selected</source>
        <translation>继续所选运行</translation>
    </message>
    <message>
        <source>How many more steps Continue trains the selected run for</source>
        <translation>“继续训练”为所选运行再训练多少步</translation>
    </message>
    <message>
        <source>Continue for more steps</source>
        <translation>继续训练更多步</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Resume at lower LR…</source>
        <translation>以更低学习率继续…</translation>
    </message>
    <message>
        <source>After a NaN: resume from the last good checkpoint with a smaller train.lr</source>
        <translation>出现 NaN 后：用更小的 train.lr 从最后一个正常检查点继续</translation>
    </message>
    <message>
        <source>Clone config</source>
        <translation>克隆配置</translation>
    </message>
    <message>
        <source>Load the selected run&apos;s settings into the Model panel for a new run</source>
        <translation>把所选运行的设置载入“模型”面板，用于新的运行</translation>
    </message>
    <message>
        <source>Export for torchrun…</source>
        <translation>导出为 torchrun…</translation>
    </message>
    <message>
        <source>Write the run&apos;s config.toml plus torchrun and SLURM launch scripts</source>
        <translation>写出该运行的 config.toml 以及 torchrun 和 SLURM 启动脚本</translation>
    </message>
    <message>
        <source>Delete run…</source>
        <translation>删除运行…</translation>
    </message>
    <message>
        <source>-</source>
        <translation>-</translation>
    </message>
    <message>
        <source>Memory the trainer actually uses on the device (peak allocated on CUDA/MPS, the process&apos;s resident memory on the CPU). The Model panel&apos;s figure is an estimate made from the settings before training.</source>
        <translation>训练器在设备上实际使用的内存（CUDA/MPS 上为峰值分配量，CPU 上为进程常驻内存）。“模型”面板中的数字是训练前根据设置做的估算。</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>New runs use the Model panel&apos;s settings: {layers} × {heads}, d_model {d_model}, context {context}, batch {batch}, {steps}, lr {lr} ({schedule}).</source>
        <translation>新的运行使用“模型”面板中的设置：{layers} × {heads}，d_model {d_model}，上下文 {context}，批大小 {batch}，{steps}，学习率 {lr}（{schedule}）。</translation>
    </message>
    <message numerus="yes">
        <source>%Ln layer(s)</source>
        <translation>
            <numerusform>%Ln 层</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln head(s)</source>
        <translation>
            <numerusform>%Ln 个头</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln step(s)</source>
        <translation>
            <numerusform>%Ln 步</numerusform>
        </translation>
    </message>
    <message>
        <source>Resuming run {id} with train.lr={lr}.</source>
        <translation>正在以 train.lr={lr} 继续运行 {id}。</translation>
    </message>
    <message>
        <source>Resume at lower LR</source>
        <translation>以更低学习率继续</translation>
    </message>
    <message>
        <source>New learning rate (was {lr}):</source>
        <translation>新的学习率（原为 {lr}）：</translation>
    </message>
    <message>
        <source>Clone run</source>
        <translation>克隆运行</translation>
    </message>
    <message>
        <source>Run {id}&apos;s settings are now in the Model panel; Start new run trains them.</source>
        <translation>运行 {id} 的设置已载入“模型”面板；点击“开始新的运行”即可用它们训练。</translation>
    </message>
    <message>
        <source>Delete run {id}, its metrics and its checkpoint files? This cannot be undone.</source>
        <translation>删除运行 {id} 及其指标和检查点文件吗？此操作无法撤销。</translation>
    </message>
    <message>
        <source>Run {id} deleted.</source>
        <translation>运行 {id} 已删除。</translation>
    </message>
    <message>
        <source>No run yet. Press Start new run to train a model; its training and validation loss appear here as it learns.</source>
        <translation>还没有运行。点击“开始新的运行”训练模型；训练过程中，训练损失和验证损失会显示在这里。</translation>
    </message>
    <message>
        <source>Model FLOPs utilisation: the share of the device&apos;s peak arithmetic the training uses. On a CPU the peak is an upper bound from its clock and vector instructions, so the figure errs low; &apos;-&apos; where the CPU does not say them.</source>
        <translation>模型 FLOPs 利用率：训练所用算力占设备峰值算力的比例。在 CPU 上，峰值是根据时钟频率和向量指令推算的上限，因此该数值只会偏低；CPU 未提供这些信息时显示“-”。</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证集</translation>
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
        <source>Training needs a tokenizer: it turns the cleaned text into the tokens a model learns from. Train one first.</source>
        <translation>训练需要一个分词器：它把清洗后的文本变成模型学习用的词元。请先训练一个分词器。</translation>
    </message>
    <message>
        <source>Go to Tokenizer</source>
        <translation>前往“分词器”</translation>
    </message>
    <message>
        <source>Looking for devices</source>
        <translation>正在查找设备</translation>
    </message>
    <message>
        <source>Cannot start training</source>
        <translation>无法开始训练</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Select a run in the table first.</source>
        <translation>请先在表格中选择一个运行。</translation>
    </message>
    <message>
        <source>Training run {id}</source>
        <translation>正在训练运行 {id}</translation>
    </message>
    <message>
        <source>Run {id} stopped: {reason}</source>
        <translation>运行 {id} 已停止：{reason}</translation>
    </message>
    <message>
        <source>Cannot start: {reason}</source>
        <translation>无法开始：{reason}</translation>
    </message>
    <message>
        <source>Train a new model with the Model panel&apos;s settings</source>
        <translation>用“模型”面板中的设置训练一个新模型</translation>
    </message>
    <message>
        <source>⚠ {reason} Fix it in the Model panel to start a run.</source>
        <translation>⚠ {reason} 请在“模型”面板中修正后再开始运行。</translation>
    </message>
    <message>
        <source>There is no tokenizer yet: train one in the Tokenizer panel first.</source>
        <translation>还没有分词器：请先在“分词器”面板训练一个。</translation>
    </message>
    <message>
        <source>Export the run&apos;s config and launch scripts to</source>
        <translation>将运行的配置和启动脚本导出到</translation>
    </message>
    <message>
        <source>Wrote {files} to {folder}</source>
        <translation>已将 {files} 写入 {folder}</translation>
    </message>
    <message>
        <source>Delete run</source>
        <translation>删除运行</translation>
    </message>
</context>
<context>
    <name>TrialState</name>
    <message>
        <source>complete</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>pruned</source>
        <translation>已剪枝</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>已失败</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>等待中</translation>
    </message>
</context>
</TS>
