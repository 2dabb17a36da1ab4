<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>AlternativesPage</name>
    <message>
        <source>Add object</source>
        <translation>添加对象</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Hosts HyperMotion cannot move, and the alternative</source>
        <translation>HyperMotion 无法迁移的主机及替代方案</translation>
    </message>
    <message>
        <source>Objects that are not hosts (databases, file shares, buckets, Kubernetes…)</source>
        <translation>非主机对象（数据库、文件共享、对象存储桶、Kubernetes…）</translation>
    </message>
    <message>
        <source>New object</source>
        <translation>新对象</translation>
    </message>
    <message>
        <source>Remove object</source>
        <translation>删除对象</translation>
    </message>
    <message>
        <source>Remove %1 from the project?</source>
        <translation>从项目中删除 %1？</translation>
    </message>
</context>
<context>
    <name>Assess</name>
    <message>
        <source>Supported</source>
        <translation>支持</translation>
    </message>
    <message>
        <source>Supported with conditions</source>
        <translation>有条件支持</translation>
    </message>
    <message>
        <source>Not supported</source>
        <translation>不支持</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>待确认</translation>
    </message>
    <message>
        <source>Agentless</source>
        <translation>无代理</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>有代理</translation>
    </message>
    <message>
        <source>Alternative</source>
        <translation>替代方案</translation>
    </message>
    <message>
        <source>None</source>
        <translation>暂无</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>OS</source>
        <translation>操作系统</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>评估结论</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>迁移方式</translation>
    </message>
    <message>
        <source>Override reason</source>
        <translation>调整理由</translation>
    </message>
    <message>
        <source>Main reason</source>
        <translation>主要原因</translation>
    </message>
    <message>
        <source>Rules say: %1</source>
        <translation>规则结论：%1</translation>
    </message>
    <message>
        <source>Why not</source>
        <translation>不支持原因</translation>
    </message>
    <message>
        <source>none found</source>
        <translation>暂无</translation>
    </message>
    <message>
        <source>Decided by a person</source>
        <translation>人工决定</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>已计划</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>受阻</translation>
    </message>
    <message>
        <source>Suggested for this kind</source>
        <translation>该类型的推荐工具</translation>
    </message>
    <message>
        <source>Suggested for this kind: %1</source>
        <translation>该类型的推荐工具：%1</translation>
    </message>
    <message>
        <source>Object</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Size (GiB)</source>
        <translation>大小（GiB）</translation>
    </message>
    <message>
        <source>Tool</source>
        <translation>迁移工具</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>迁移方案</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Linked hosts</source>
        <translation>关联主机</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>AssessScreen</name>
    <message>
        <source>1 · Collect and import</source>
        <translation>1 · 信息收集与导入</translation>
    </message>
    <message>
        <source>2 · Verdicts and reasons</source>
        <translation>2 · 评估结论与原因</translation>
    </message>
    <message>
        <source>3 · Not supported and alternatives</source>
        <translation>3 · 不支持对象与替代方案</translation>
    </message>
    <message>
        <source>4 · Assessment conclusion</source>
        <translation>4 · 评估结论</translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation>检查清单</translation>
    </message>
    <message>
        <source>Assess</source>
        <translation>调研评估</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Old value</source>
        <translation>原值</translation>
    </message>
    <message>
        <source>New value</source>
        <translation>新值</translation>
    </message>
</context>
<context>
    <name>Backups</name>
    <message>
        <source>Taken at</source>
        <translation>备份时间</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
</context>
<context>
    <name>BackupsDialog</name>
    <message>
        <source>Backups</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>Copies taken when the project was opened and before risky steps (the last 10). Restoring first backs up the current state.</source>
        <translation>打开项目时以及高风险操作前自动保存的副本（保留最近 10 份）。恢复前会先备份当前状态。</translation>
    </message>
    <message>
        <source>Restore selected…</source>
        <translation>恢复所选备份…</translation>
    </message>
</context>
<context>
    <name>BulkEditDialog</name>
    <message numerus="yes">
        <source>Edit %n host(s)</source>
        <translation><numerusform>编辑 %n 台主机</numerusform></translation>
    </message>
    <message>
        <source>Only the fields you change are written.</source>
        <translation>只写入您修改过的字段。</translation>
    </message>
    <message>
        <source>Business system</source>
        <translation>业务系统</translation>
    </message>
    <message>
        <source>Role / tier</source>
        <translation>角色/层级</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>环境</translation>
    </message>
    <message>
        <source>Migration mode</source>
        <translation>迁移方式</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>(leave unchanged)</source>
        <translation>（保持不变）</translation>
    </message>
    <message>
        <source>(clear)</source>
        <translation>（清空）</translation>
    </message>
</context>
<context>
    <name>ColumnChooser</name>
    <message>
        <source>Columns</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
</context>
<context>
    <name>ConclusionPage</name>
    <message>
        <source>Generated from the verdicts and non-host objects; the migration plan quotes it.</source>
        <translation>根据评估结论和非主机对象自动生成；迁移方案将引用此结论。</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Addendum (your own words, saved with the project):</source>
        <translation>补充说明（由您填写，随项目保存）：</translation>
    </message>
    <message>
        <source>Save addendum</source>
        <translation>保存补充说明</translation>
    </message>
</context>
<context>
    <name>FacetBar</name>
    <message>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>OS</source>
        <translation>操作系统</translation>
    </message>
    <message>
        <source>Business system</source>
        <translation>业务系统</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>迁移方式</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>评估结论</translation>
    </message>
    <message>
        <source>Wave</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>(not set)</source>
        <translation>（未设置）</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
</context>
<context>
    <name>HostColumns</name>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Supported</source>
        <translation>支持</translation>
    </message>
    <message>
        <source>With conditions</source>
        <translation>有条件支持</translation>
    </message>
    <message>
        <source>Not supported</source>
        <translation>不支持</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>评估结论</translation>
    </message>
</context>
<context>
    <name>HostDetail</name>
    <message>
        <source>Disk</source>
        <translation>磁盘</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>容量</translation>
    </message>
    <message>
        <source>Thin</source>
        <translation>精简置备</translation>
    </message>
    <message>
        <source>RDM</source>
        <translation>RDM</translation>
    </message>
    <message>
        <source>Shared</source>
        <translation>共享</translation>
    </message>
    <message>
        <source>Independent</source>
        <translation>独立</translation>
    </message>
    <message>
        <source>Free %</source>
        <translation>空闲 %</translation>
    </message>
    <message>
        <source>Mount / drive</source>
        <translation>挂载点/盘符</translation>
    </message>
    <message>
        <source>File system</source>
        <translation>文件系统</translation>
    </message>
    <message>
        <source>Used</source>
        <translation>已用</translation>
    </message>
    <message>
        <source>IP addresses</source>
        <translation>IP 地址</translation>
    </message>
    <message>
        <source>NIC</source>
        <translation>网卡</translation>
    </message>
    <message>
        <source>MAC</source>
        <translation>MAC</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Edit %1</source>
        <translation>编辑 %1</translation>
    </message>
    <message>
        <source>No host selected</source>
        <translation>未选择主机</translation>
    </message>
    <message>
        <source>Disks</source>
        <translation>磁盘</translation>
    </message>
    <message>
        <source>Add disk</source>
        <translation>添加磁盘</translation>
    </message>
    <message>
        <source>Delete disk</source>
        <translation>删除磁盘</translation>
    </message>
    <message>
        <source>Partitions / volumes</source>
        <translation>分区/卷</translation>
    </message>
    <message>
        <source>Add partition</source>
        <translation>添加分区</translation>
    </message>
    <message>
        <source>Delete partition</source>
        <translation>删除分区</translation>
    </message>
    <message>
        <source>Network interfaces</source>
        <translation>网卡</translation>
    </message>
    <message>
        <source>Add NIC</source>
        <translation>添加网卡</translation>
    </message>
    <message>
        <source>Delete NIC</source>
        <translation>删除网卡</translation>
    </message>
</context>
<context>
    <name>IdentityDialog</name>
    <message>
        <source>Who is using hmfield?</source>
        <translation>谁在使用 hmfield？</translation>
    </message>
    <message>
        <source>Your name is recorded with every change you make (audit trail) and on printed sign-off sheets.</source>
        <translation>您的姓名会记录在每一次修改中（审计记录），并出现在打印的签字单上。</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>姓名(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Organisation</source>
        <translation>单位(&amp;O)</translation>
    </message>
</context>
<context>
    <name>ImportPage</name>
    <message>
        <source>Drop a discovery file here (RVTools, vSphere CSV, Prophet, Azure Migrate, CMF or our template), or choose one.</source>
        <translation>将调研文件拖放到这里（RVTools、vSphere CSV、Prophet、Azure Migrate、CMF 或本工具模板），或选择文件。</translation>
    </message>
    <message>
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Leave out rows with problems</source>
        <translation>排除有问题的行</translation>
    </message>
    <message>
        <source>Apply import</source>
        <translation>执行导入</translation>
    </message>
    <message>
        <source>Discard preview</source>
        <translation>放弃预览</translation>
    </message>
    <message>
        <source>Detect automatically</source>
        <translation>自动识别</translation>
    </message>
    <message>
        <source>Import discovery file</source>
        <translation>导入调研文件</translation>
    </message>
    <message>
        <source>Discovery files (*.xlsx *.xls *.csv);;All files (*)</source>
        <translation>调研文件 (*.xlsx *.xls *.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message>
        <source>%1 (%2): %3 new, %4 updated, %5 unchanged, %6 skipped, %7 problems.</source>
        <translation>%1（%2）：新增 %3，更新 %4，未变 %5，跳过 %6，问题 %7。</translation>
    </message>
    <message>
        <source>No problems found.</source>
        <translation>未发现问题。</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>正在导入 %1…</translation>
    </message>
    <message>
        <source>Imported: %1 new, %2 updated, %3 left out. Verdicts are up to date.</source>
        <translation>已导入：新增 %1，更新 %2，排除 %3。评估结论已更新。</translation>
    </message>
    <message>
        <source>%1 included row(s) have problems: fix the file or leave them out.</source>
        <translation>%1 行包含问题：请修正文件或将其排除。</translation>
    </message>
    <message>
        <source>Nothing is written until you press Apply import.</source>
        <translation>点击“执行导入”之前不会写入任何数据。</translation>
    </message>
</context>
<context>
    <name>ImportPreview</name>
    <message>
        <source>New</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>Unchanged</source>
        <translation>未变</translation>
    </message>
    <message>
        <source>Repeated row</source>
        <translation>重复行</translation>
    </message>
    <message>
        <source>Include</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Sheet / row</source>
        <translation>工作表/行</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>变化</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>(typed by hand, kept)</source>
        <translation>（手工填写，保留）</translation>
    </message>
    <message>
        <source>Import preview</source>
        <translation>导入预览</translation>
    </message>
    <message>
        <source>%1 (%2): %3 new, %4 updated, %5 unchanged, %6 skipped, %7 problems.</source>
        <translation>%1（%2）：新增 %3，更新 %4，未变化 %5，跳过 %6，问题 %7。</translation>
    </message>
    <message>
        <source>New business systems: %1</source>
        <translation>将新建业务系统：%1</translation>
    </message>
    <message>
        <source>No problems found.</source>
        <translation>未发现问题。</translation>
    </message>
    <message>
        <source>Hosts</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>Problems and notes</source>
        <translation>问题与说明</translation>
    </message>
    <message>
        <source>Leave out rows with problems</source>
        <translation>排除有问题的行</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>%1 included row(s) have problems: fix the file or leave them out.</source>
        <translation>有 %1 个待导入的行存在问题：请修正文件或排除这些行。</translation>
    </message>
    <message>
        <source>Nothing is written until you press Apply.</source>
        <translation>点击“应用”之前不会写入任何内容。</translation>
    </message>
</context>
<context>
    <name>InventoryClipboard</name>
    <message>
        <source>%1 cell(s) fall outside the table and are left out</source>
        <translation>%1 个单元格超出表格范围，已忽略</translation>
    </message>
    <message>
        <source>… and %1 more</source>
        <translation>……另有 %1 条</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>粘贴</translation>
    </message>
    <message>
        <source>Nothing was pasted:</source>
        <translation>未粘贴任何内容：</translation>
    </message>
    <message>
        <source>Paste the %1 valid cell(s) and skip these?</source>
        <translation>粘贴 %1 个有效单元格并跳过以上单元格？</translation>
    </message>
    <message>
        <source>Paste %1 cells</source>
        <translation>粘贴 %1 个单元格</translation>
    </message>
</context>
<context>
    <name>InventoryIO</name>
    <message>
        <source>Import inventory</source>
        <translation>导入清单</translation>
    </message>
    <message>
        <source>Inventory files (*.xlsx *.xls *.csv *.json);;All files (*)</source>
        <translation>清单文件 (*.xlsx *.xls *.csv *.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>正在导入 %1…</translation>
    </message>
    <message>
        <source>Imported: %1 new, %2 updated, %3 left out.</source>
        <translation>已导入：新增 %1，更新 %2，排除 %3。</translation>
    </message>
    <message>
        <source>Export inventory</source>
        <translation>导出清单</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)</source>
        <translation>Excel 工作簿 (*.xlsx);;CSV，UTF-8 (*.csv)</translation>
    </message>
    <message>
        <source>Exporting %1…</source>
        <translation>正在导出 %1…</translation>
    </message>
    <message>
        <source>Inventory exported to %1</source>
        <translation>清单已导出到 %1</translation>
    </message>
</context>
<context>
    <name>InventoryPaste</name>
    <message>
        <source>Row %1 (%2), column %3: %4</source>
        <translation>第 %1 行（%2），列“%3”：%4</translation>
    </message>
    <message>
        <source>read-only column</source>
        <translation>只读列</translation>
    </message>
    <message>
        <source>no %1 named %2</source>
        <translation>不存在名为 %2 的%1</translation>
    </message>
    <message>
        <source>person</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>wave</source>
        <translation>批次</translation>
    </message>
</context>
<context>
    <name>InventoryScreen</name>
    <message>
        <source>Filter: name, IP, OS, business system (Ctrl+F)</source>
        <translation>筛选：名称、IP、操作系统、业务系统 (Ctrl+F)</translation>
    </message>
    <message>
        <source>Add host</source>
        <translation>添加主机</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Bulk edit…</source>
        <translation>批量编辑…</translation>
    </message>
    <message>
        <source>Columns…</source>
        <translation>列…</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Import a file (or drop it onto this screen)</source>
        <translation>导入文件（或将文件拖放到此界面）</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>%1 of %2 shown</source>
        <translation>显示 %1 / 共 %2</translation>
    </message>
    <message>
        <source>Edit %1</source>
        <translation>编辑 %1</translation>
    </message>
    <message>
        <source>Bulk edit of %1 hosts</source>
        <translation>批量编辑 %1 台主机</translation>
    </message>
    <message>
        <source>New host</source>
        <translation>新主机</translation>
    </message>
    <message>
        <source>Duplicate host</source>
        <translation>复制主机</translation>
    </message>
    <message>
        <source>Delete %1 hosts</source>
        <translation>删除 %1 台主机</translation>
    </message>
    <message>
        <source>Inventory</source>
        <translation>主机清单</translation>
    </message>
</context>
<context>
    <name>JobRunner</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Customer / user</source>
        <translation>用户/客户</translation>
    </message>
    <message>
        <source>MSP</source>
        <translation>MSP</translation>
    </message>
    <message>
        <source>Cloud platform</source>
        <translation>云平台</translation>
    </message>
    <message>
        <source>OneProCloud</source>
        <translation>OneProCloud</translation>
    </message>
    <message>
        <source>Application operator</source>
        <translation>应用程序操作员</translation>
    </message>
    <message>
        <source>Application user</source>
        <translation>应用程序用户</translation>
    </message>
    <message>
        <source>Application vendor</source>
        <translation>应用程序供应商</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>有代理（Agent）</translation>
    </message>
    <message>
        <source>Agentless</source>
        <translation>无代理（Agentless）</translation>
    </message>
    <message>
        <source>Mixed</source>
        <translation>混合</translation>
    </message>
    <message>
        <source>Automated</source>
        <translation>自动化</translation>
    </message>
    <message>
        <source>Generic</source>
        <translation>通用方式</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>Disk</source>
        <translation>磁盘</translation>
    </message>
    <message>
        <source>Partition</source>
        <translation>分区</translation>
    </message>
    <message>
        <source>Network adapter</source>
        <translation>网卡</translation>
    </message>
    <message>
        <source>Business system</source>
        <translation>业务系统</translation>
    </message>
    <message>
        <source>Wave</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Dependency</source>
        <translation>依赖关系</translation>
    </message>
    <message>
        <source>Non-host object</source>
        <translation>非主机对象</translation>
    </message>
    <message>
        <source>Verdict override</source>
        <translation>评估结论人工修正</translation>
    </message>
    <message>
        <source>created</source>
        <translation>创建</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <source>restored</source>
        <translation>恢复</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>hmfield</source>
        <translation>hmfield 迁移交付助手</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
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
        <source>Open &amp;demo project</source>
        <translation>打开演示项目(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Close project</source>
        <translation>关闭项目(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Backups…</source>
        <translation>备份(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Change my name…</source>
        <translation>修改我的姓名…</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>hmfield projects (*.hmfield)</source>
        <translation>hmfield 项目 (*.hmfield)</translation>
    </message>
    <message>
        <source>Cannot open project</source>
        <translation>无法打开项目</translation>
    </message>
    <message>
        <source>Restore backup</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <source>Replace the project with the backup %1? The current state is backed up first.</source>
        <translation>用备份 %1 替换当前项目？当前状态会先被备份。</translation>
    </message>
    <message>
        <source>Cannot create project</source>
        <translation>无法创建项目</translation>
    </message>
    <message>
        <source>Save project as</source>
        <translation>项目另存为</translation>
    </message>
    <message>
        <source>Writing the demo project…</source>
        <translation>正在生成演示项目…</translation>
    </message>
    <message>
        <source>Demo project</source>
        <translation>演示项目</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <source>All changes saved</source>
        <translation>所有修改已保存</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <source>You: %1 · device %2</source>
        <translation>当前用户：%1 · 设备 %2</translation>
    </message>
    <message>
        <source>Last bundle exported: %1</source>
        <translation>上次导出数据包：%1</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>No project open</source>
        <translation>未打开项目</translation>
    </message>
</context>
<context>
    <name>NewProjectWizard</name>
    <message>
        <source>New project</source>
        <translation>新建项目</translation>
    </message>
</context>
<context>
    <name>OverviewScreen</name>
    <message>
        <source>People</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>Add person</source>
        <translation>添加人员</translation>
    </message>
    <message>
        <source>Remove person</source>
        <translation>移除人员</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>所有人</translation>
    </message>
    <message>
        <source>All records</source>
        <translation>所有记录</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
</context>
<context>
    <name>PeopleModel</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>电子邮件</translation>
    </message>
</context>
<context>
    <name>ProjectFacts</name>
    <message>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>MSP</source>
        <translation>MSP</translation>
    </message>
    <message>
        <source>Target cloud</source>
        <translation>目标云</translation>
    </message>
    <message>
        <source>Source access</source>
        <translation>源端接入方式</translation>
    </message>
    <message>
        <source>Target takeover</source>
        <translation>目标端接管方式</translation>
    </message>
    <message>
        <source>Planned start</source>
        <translation>计划开始</translation>
    </message>
    <message>
        <source>Planned end</source>
        <translation>计划结束</translation>
    </message>
    <message>
        <source>Source platforms</source>
        <translation>源端平台</translation>
    </message>
    <message>
        <source>vmware, physical, …</source>
        <translation>vmware, physical, …</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>StartPage</name>
    <message>
        <source>hmfield: HyperMotion delivery in the field</source>
        <translation>hmfield：HyperMotion 现场迁移交付</translation>
    </message>
    <message>
        <source>Assess, plan, migrate and operate a migration project, offline. Every edit is saved at once.</source>
        <translation>离线完成迁移项目的调研、规划、实施与运维。每次修改都会立即保存。</translation>
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
        <source>Open &amp;demo project</source>
        <translation>打开演示项目(&amp;D)</translation>
    </message>
    <message>
        <source>Recent projects</source>
        <translation>最近的项目</translation>
    </message>
</context>
<context>
    <name>VerdictPage</name>
    <message>
        <source>Re-assess all hosts</source>
        <translation>重新评估全部主机</translation>
    </message>
    <message>
        <source>Filter hosts…</source>
        <translation>筛选主机…</translation>
    </message>
    <message>
        <source>All verdicts</source>
        <translation>全部结论</translation>
    </message>
    <message>
        <source>Verdicts (%1 hosts)</source>
        <translation>评估结论（%1 台主机）</translation>
    </message>
    <message>
        <source>Recommended mode</source>
        <translation>推荐迁移方式</translation>
    </message>
    <message>
        <source>Sync Proxies needed: %1 (%2; at most %3 hosts each).</source>
        <translation>需要 Sync Proxy：%1 台（%2；每台最多 %3 台主机）。</translation>
    </message>
    <message>
        <source>No agentless host: no Sync Proxy needed.</source>
        <translation>没有无代理方式的主机：无需 Sync Proxy。</translation>
    </message>
    <message>
        <source>%1 verdict(s) overridden by a person.</source>
        <translation>%1 个结论经人工调整。</translation>
    </message>
    <message>
        <source>%1 of %2 shown</source>
        <translation>显示 %1 / %2</translation>
    </message>
    <message>
        <source>Assessing every host…</source>
        <translation>正在评估全部主机…</translation>
    </message>
    <message>
        <source>Type the reason for the override and press Enter to save it.</source>
        <translation>请输入调整理由并按回车保存。</translation>
    </message>
    <message>
        <source>Missing facts: %1</source>
        <translation>缺少信息：%1</translation>
    </message>
    <message>
        <source>Override: %1</source>
        <translation>人工调整：%1</translation>
    </message>
</context>
<context>
    <name>_BasicsPage</name>
    <message>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>e.g. Huawei Cloud, AWS</source>
        <translation>例如：华为云、AWS</translation>
    </message>
    <message>
        <source>Project name *</source>
        <translation>项目名称 *</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>MSP</source>
        <translation>MSP</translation>
    </message>
    <message>
        <source>Target cloud</source>
        <translation>目标云</translation>
    </message>
</context>
<context>
    <name>_FilePage</name>
    <message>
        <source>Project file</source>
        <translation>项目文件</translation>
    </message>
    <message>
        <source>The project is one file. Every edit is saved at once; copies travel as bundles.</source>
        <translation>一个项目就是一个文件。每次修改立即保存；副本通过数据包传递。</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>file: choose where to save the project</source>
        <translation>文件：请选择项目的保存位置</translation>
    </message>
    <message>
        <source>file: %1 exists already</source>
        <translation>文件：%1 已存在</translation>
    </message>
</context>
<context>
    <name>_PeoplePage</name>
    <message>
        <source>People</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Who takes part: names, roles and phone numbers appear on runbooks and sign-off sheets. You can add more later.</source>
        <translation>参与人员：姓名、角色和电话将出现在割接手册和签字单上。之后还可以继续添加。</translation>
    </message>
    <message>
        <source>Add person</source>
        <translation>添加人员</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
</context>
<context>
    <name>_ScenarioPage</name>
    <message>
        <source>Scenario</source>
        <translation>迁移场景</translation>
    </message>
    <message>
        <source>How HyperMotion reaches the source hosts and takes over on the target. It selects the checklists that apply.</source>
        <translation>HyperMotion 如何接入源端主机、如何在目标端接管。它决定适用哪些检查表。</translation>
    </message>
    <message>
        <source>Source access</source>
        <translation>源端接入方式</translation>
    </message>
    <message>
        <source>Target takeover</source>
        <translation>目标端接管方式</translation>
    </message>
    <message>
        <source>Source platforms</source>
        <translation>源端平台</translation>
    </message>
    <message>
        <source>Planned start</source>
        <translation>计划开始</translation>
    </message>
    <message>
        <source>Planned end</source>
        <translation>计划结束</translation>
    </message>
</context>
</TS>