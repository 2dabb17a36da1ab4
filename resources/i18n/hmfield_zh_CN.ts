<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About hmfield</source>
        <translation>关于 hmfield</translation>
    </message>
    <message>
        <source>Offline field app for HyperMotion migration delivery.</source>
        <translation>HyperMotion 迁移交付的离线现场工具。</translation>
    </message>
    <message>
        <source>Rules version: %1</source>
        <translation>规则版本：%1</translation>
    </message>
    <message>
        <source>Checklist templates version: %1</source>
        <translation>检查表模板版本：%1</translation>
    </message>
    <message>
        <source>Bundled components and their licences</source>
        <translation>随附组件及其许可证</translation>
    </message>
    <message>
        <source>Qt and PySide6 are used under the GNU LGPL version 3; their source is available from qt.io. The font's licence is in resources/fonts.</source>
        <translation>Qt 与 PySide6 依据 GNU LGPL 第 3 版使用，源代码可从 qt.io 获取。字体的许可证见 resources/fonts。</translation>
    </message>
</context>
<context>
    <name>AcceptanceTab</name>
    <message>
        <source>Wave</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Signed by (customer)</source>
        <translation>签署人（客户）</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Note (optional)</source>
        <translation>备注（可选）</translation>
    </message>
    <message>
        <source>Accept the selected row</source>
        <translation>验收所选行</translation>
    </message>
    <message>
        <source>Migration acceptance (whole project)</source>
        <translation>迁移完成验收（整个项目）</translation>
    </message>
    <message>
        <source>Accept the migration</source>
        <translation>迁移完成验收</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>归档</translation>
    </message>
    <message>
        <source>Archive to a folder…</source>
        <translation>归档到文件夹…</translation>
    </message>
    <message>
        <source>Archive to a zip…</source>
        <translation>归档为 zip…</translation>
    </message>
    <message>
        <source>Why the archived project is reopened</source>
        <translation>重新打开已归档项目的原因</translation>
    </message>
    <message>
        <source>Reopen</source>
        <translation>重新打开</translation>
    </message>
    <message>
        <source>Select the wave or a business system</source>
        <translation>请选择批次或业务系统</translation>
    </message>
    <message>
        <source>Accepted: %1</source>
        <translation>已验收：%1</translation>
    </message>
    <message>
        <source>The migration is accepted</source>
        <translation>迁移已完成验收</translation>
    </message>
    <message>
        <source>Archive to a zip</source>
        <translation>归档为 zip</translation>
    </message>
    <message>
        <source>Archive to a new folder</source>
        <translation>归档到新文件夹</translation>
    </message>
    <message>
        <source>Writing the archive…</source>
        <translation>正在写入归档…</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) archived to %1; the project is now read-only</source>
        <translation>
            <numerusform>已归档 %n 个文件到 %1；项目现为只读</numerusform>
        </translation>
    </message>
    <message>
        <source>Reopened: the project is writable again</source>
        <translation>已重新打开：项目可再次编辑</translation>
    </message>
</context>
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
        <source>Alternative</source>
        <translation>替代方案</translation>
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
        <source>the team's own plan</source>
        <translation>项目组自定方案</translation>
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
        <source>Rules checked</source>
        <translation>评估规则覆盖</translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation>检查清单</translation>
    </message>
    <message>
        <source>Reading the verdicts…</source>
        <translation>正在读取评估结论…</translation>
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
    <message>
        <source>Edit %n host(s)</source>
        <translation>编辑 %n 台主机</translation>
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
    <name>BulkOverrideDialog</name>
    <message>
        <source>Override the verdict of the selected hosts</source>
        <translation>修正所选主机的评估结论</translation>
    </message>
    <message numerus="yes">
        <source>One verdict and mode for %n host(s); the reason is recorded for each.</source>
        <translation>
            <numerusform>为 %n 台主机设置同一结论和迁移方式；每台主机都会记录原因。</numerusform>
        </translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>迁移方式</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Why the rules' verdict does not apply</source>
        <translation>为什么规则给出的结论不适用</translation>
    </message>
</context>
<context>
    <name>BundleOpening</name>
    <message>
        <source>Bundle passphrase</source>
        <translation>同步包密码</translation>
    </message>
    <message>
        <source>The bundle is encrypted: its passphrase</source>
        <translation>同步包已加密：请输入密码</translation>
    </message>
    <message>
        <source>Opening the bundle…</source>
        <translation>正在打开同步包…</translation>
    </message>
    <message>
        <source>Cannot open the bundle</source>
        <translation>无法打开同步包</translation>
    </message>
</context>
<context>
    <name>CheckForm</name>
    <message>
        <source>New check</source>
        <translation>新增检查</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>源端基线</translation>
    </message>
    <message>
        <source>Checked by</source>
        <translation>检查人</translation>
    </message>
    <message>
        <source>Figures</source>
        <translation>资源数据</translation>
    </message>
    <message>
        <source>Business check</source>
        <translation>业务检查</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Data integrity</source>
        <translation>数据完整性</translation>
    </message>
    <message>
        <source>Mem %</source>
        <translation>内存 %</translation>
    </message>
    <message>
        <source>Disk %</source>
        <translation>磁盘 %</translation>
    </message>
    <message>
        <source>Not compared</source>
        <translation>未比对</translation>
    </message>
    <message>
        <source>Before (rows or checksum)</source>
        <translation>迁移前</translation>
    </message>
    <message>
        <source>After</source>
        <translation>迁移后</translation>
    </message>
    <message>
        <source>Tool or query used</source>
        <translation>所用工具或查询</translation>
    </message>
    <message>
        <source>Add check (Enter)</source>
        <translation>保存检查（回车）</translation>
    </message>
    <message>
        <source>Choose a host, business system or object of the wave</source>
        <translation>请选择本批次的主机、业务系统或非主机对象</translation>
    </message>
    <message>
        <source>CPU, memory and disk are percentages</source>
        <translation>CPU、内存和磁盘请填写百分比</translation>
    </message>
    <message>
        <source>Saved: %1 (%2)</source>
        <translation>已保存：%1（%2）</translation>
    </message>
</context>
<context>
    <name>Checklist</name>
    <message>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>IP addresses</source>
        <translation>IP 地址</translation>
    </message>
    <message>
        <source>Wave</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>迁移方式</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>完成时间</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>添加时间</translation>
    </message>
    <message>
        <source>%n host(s) blocked</source>
        <translation>%n 台主机受阻</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>操作人</translation>
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
        <source>Before</source>
        <translation>修改前</translation>
    </message>
    <message>
        <source>After</source>
        <translation>修改后</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>检查项</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>计划</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Discovered</source>
        <translation>已发现</translation>
    </message>
    <message>
        <source>Assessed</source>
        <translation>已评估</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>已注册</translation>
    </message>
    <message>
        <source>Configured</source>
        <translation>已配置</translation>
    </message>
    <message>
        <source>Full sync done</source>
        <translation>全量同步完成</translation>
    </message>
    <message>
        <source>Incremental synced</source>
        <translation>增量已同步</translation>
    </message>
    <message>
        <source>Drill failed</source>
        <translation>演练未通过</translation>
    </message>
    <message>
        <source>Drill passed</source>
        <translation>演练通过</translation>
    </message>
    <message>
        <source>Cut over</source>
        <translation>已割接</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>已验证</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <source>Rolled back</source>
        <translation>已回退</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>No wave</source>
        <translation>不分配批次</translation>
    </message>
    <message>
        <source>Not started</source>
        <translation>未开始</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>受阻</translation>
    </message>
    <message>
        <source>Not applicable</source>
        <translation>不适用</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>%n blocked</source>
        <translation>%n 项受阻</translation>
    </message>
</context>
<context>
    <name>ChecklistDashboard</name>
    <message>
        <source>Progress per phase</source>
        <translation>各阶段进度</translation>
    </message>
    <message>
        <source>Host lifecycle per wave</source>
        <translation>各批次主机迁移状态</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>受阻</translation>
    </message>
    <message>
        <source>Due next</source>
        <translation>近期待办</translation>
    </message>
    <message>
        <source>Reading the dashboard…</source>
        <translation>正在读取仪表盘…</translation>
    </message>
    <message numerus="yes">
        <source>%n blocked</source>
        <translation>
            <numerusform>%n 项受阻</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChecklistItemPane</name>
    <message>
        <source>Key %1 in the list</source>
        <translation>在列表中按 %1 键</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>Reason (Enter to confirm, Esc to cancel)</source>
        <translation>原因（回车确认，Esc 取消）</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Planned date</source>
        <translation>计划日期</translation>
    </message>
    <message>
        <source>Started / completed</source>
        <translation>开始 / 完成</translation>
    </message>
    <message>
        <source>Sign-off</source>
        <translation>签字确认</translation>
    </message>
    <message>
        <source>Sign</source>
        <translation>签字</translation>
    </message>
    <message>
        <source>Clear sign-off</source>
        <translation>撤销签字</translation>
    </message>
    <message>
        <source>Notes (saved when you leave the field)</source>
        <translation>备注（离开输入框时自动保存）</translation>
    </message>
    <message>
        <source>Guidance</source>
        <translation>实施指引</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Hosts</source>
        <translation>主机数</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>证据</translation>
    </message>
    <message>
        <source>History</source>
        <translation>变更记录</translation>
    </message>
    <message>
        <source>— nobody —</source>
        <translation>— 未指派 —</translation>
    </message>
    <message>
        <source>Reading the project’s figures…</source>
        <translation>正在读取项目数据…</translation>
    </message>
    <message>
        <source>Reading the project’s figures</source>
        <translation>读取项目数据</translation>
    </message>
    <message>
        <source>Choose an item on the left</source>
        <translation>请在左侧选择一个检查项</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Decision: needs a sign-off</source>
        <translation>决策：需签字确认</translation>
    </message>
    <message>
        <source>Acceptance: needs a sign-off</source>
        <translation>验收：需签字确认</translation>
    </message>
    <message>
        <source>Executed by: %1</source>
        <translation>执行方：%1</translation>
    </message>
    <message>
        <source>Per host: %1 of %2 done</source>
        <translation>按主机：已完成 %1 / %2 台</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <source>Blocked: %1</source>
        <translation>受阻：%1</translation>
    </message>
    <message>
        <source>Overdue: planned for %1</source>
        <translation>已逾期：计划日期 %1</translation>
    </message>
    <message>
        <source>Signed by %1 at %2</source>
        <translation>%1 于 %2 签字</translation>
    </message>
    <message>
        <source>Not signed</source>
        <translation>尚未签字</translation>
    </message>
    <message>
        <source>References (copy the address; no network needed to read this):</source>
        <translation>参考资料（可复制地址；阅读本指引无需联网）：</translation>
    </message>
    <message>
        <source>Reason for “%1”:</source>
        <translation>“%1”的原因：</translation>
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
    <name>CoverageModel</name>
    <message>
        <source>Section</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Fact</source>
        <translation>事实</translation>
    </message>
    <message>
        <source>Checked by</source>
        <translation>检查方式</translation>
    </message>
    <message>
        <source>Rules</source>
        <translation>判定规则</translation>
    </message>
    <message>
        <source>Questions</source>
        <translation>提问</translation>
    </message>
    <message>
        <source>Checklist items</source>
        <translation>检查单事项</translation>
    </message>
    <message>
        <source>Fields read</source>
        <translation>读取字段</translation>
    </message>
</context>
<context>
    <name>DependenciesScreen</name>
    <message>
        <source>Table</source>
        <translation>表格</translation>
    </message>
    <message>
        <source>Graph</source>
        <translation>关系图</translation>
    </message>
    <message>
        <source>Add dependency</source>
        <translation>添加依赖</translation>
    </message>
    <message>
        <source>Consumer: the host, object or business system that depends</source>
        <translation>依赖方：发起依赖的主机、组件或业务系统</translation>
    </message>
    <message>
        <source>Provider: what it depends on</source>
        <translation>被依赖方：它所依赖的对象</translation>
    </message>
    <message>
        <source>Delete selected</source>
        <translation>删除所选</translation>
    </message>
    <message>
        <source>Import CSV…</source>
        <translation>导入 CSV…</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Import the rows that resolve and skip the problems</source>
        <translation>导入可识别的行，跳过有问题的行</translation>
    </message>
    <message>
        <source>Fit to window</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <source>Columns are waves, moved left to right; arrows go from consumer to provider. Red dashes: the provider moves later than its consumer. Dotted: cluster, primary/standby or shared disk. Red border: part of a dependency cycle.</source>
        <translation>每列为一个批次，从左到右依次迁移；箭头由依赖方指向被依赖方。红色虚线：被依赖方比依赖方更晚迁移。点线：集群、主备或共享磁盘。红框：处于循环依赖中。</translation>
    </message>
    <message>
        <source>Reading the dependencies…</source>
        <translation>正在读取依赖关系…</translation>
    </message>
    <message>
        <source>object</source>
        <translation>组件</translation>
    </message>
    <message>
        <source>business system</source>
        <translation>业务系统</translation>
    </message>
    <message>
        <source>Choose both ends of the dependency</source>
        <translation>请选择依赖的两端</translation>
    </message>
    <message>
        <source>Import dependencies</source>
        <translation>导入依赖关系</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Azure Migrate export</source>
        <translation>Azure Migrate 导出</translation>
    </message>
    <message>
        <source>hmfield CSV</source>
        <translation>hmfield CSV</translation>
    </message>
    <message>
        <source>%1: %2 new dependencies, %3 already recorded or repeated, %4 problems</source>
        <translation>%1：新增依赖 %2 条，已存在或重复 %3 条，问题 %4 个</translation>
    </message>
</context>
<context>
    <name>DrillForm</name>
    <message>
        <source>Business system</source>
        <translation>业务系统</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>演练范围</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>演练方式</translation>
    </message>
    <message>
        <source>What is verified</source>
        <translation>验证内容</translation>
    </message>
    <message>
        <source>Planned date</source>
        <translation>计划日期</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>The details could not be written to a log.</source>
        <translation>详细信息未能写入日志。</translation>
    </message>
    <message>
        <source>The details are in %1.</source>
        <translation>详细信息见 %1。</translation>
    </message>
    <message>
        <source>Something went wrong: %1. What you did last may not have finished.</source>
        <translation>出了问题：%1。您刚才的操作可能没有完成。</translation>
    </message>
    <message>
        <source>Check that your last change is shown. If the window misbehaves, close hmfield and open the project again.</source>
        <translation>请确认您最后的修改已显示。如果窗口表现异常，请关闭 hmfield 并重新打开项目。</translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
</context>
<context>
    <name>EvidencePanel</name>
    <message>
        <source>Attach file…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <source>Open file</source>
        <translation>打开文件</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Or drop files on this pane</source>
        <translation>也可将文件拖放到此区域</translation>
    </message>
    <message>
        <source>Attach evidence</source>
        <translation>添加证据附件</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Export evidence</source>
        <translation>导出证据附件</translation>
    </message>
    <message>
        <source>Remove evidence</source>
        <translation>移除证据附件</translation>
    </message>
    <message numerus="yes">
        <source>Remove %n file(s) from this item? The removal is recorded in the history.</source>
        <translation>
            <numerusform>从此检查项移除 %n 个文件？移除操作会记录在变更记录中。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExportStatus</name>
    <message>
        <source>just now</source>
        <translation>刚刚</translation>
    </message>
    <message>
        <source>%1 min ago</source>
        <translation>%1 分钟前</translation>
    </message>
    <message>
        <source>%1 h ago</source>
        <translation>%1 小时前</translation>
    </message>
    <message>
        <source>%n day(s) ago</source>
        <translation>%n 天前</translation>
    </message>
    <message>
        <source>Never exported</source>
        <translation>从未导出同步包</translation>
    </message>
    <message>
        <source>No bundle of this project was exported here.</source>
        <translation>本机从未导出过本项目的同步包。</translation>
    </message>
    <message>
        <source>Exported %1 to %2</source>
        <translation>%1导出到 %2</translation>
    </message>
    <message>
        <source>changed since</source>
        <translation>导出后有修改</translation>
    </message>
    <message>
        <source>Changes were made after this export: export a new bundle.</source>
        <translation>导出之后项目又有修改：请导出新的同步包。</translation>
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
        <source>Lifecycle</source>
        <translation>生命周期</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>范围</translation>
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
    <name>GroupPrefsPanel</name>
    <message>
        <source>Wave preferences for the next wave proposal: pin a move group to a wave, or keep two move groups in different waves.</source>
        <translation>下次建议批次时的偏好：把迁移组固定在某一批，或让两个迁移组分在不同批次。</translation>
    </message>
    <message>
        <source>Wave</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Pin the selected group to this wave</source>
        <translation>把选中的迁移组固定在此批</translation>
    </message>
    <message>
        <source>Keep the two selected groups apart</source>
        <translation>让选中的两个迁移组分在不同批次</translation>
    </message>
    <message>
        <source>Remove the selected preference</source>
        <translation>删除选中的偏好</translation>
    </message>
    <message>
        <source>%1: pinned to wave %2</source>
        <translation>%1：固定在第 %2 批</translation>
    </message>
    <message>
        <source>%1 and %2: kept in different waves</source>
        <translation>%1 与 %2：分在不同批次</translation>
    </message>
    <message>
        <source>Select one move group to pin.</source>
        <translation>请选中一个要固定批次的迁移组。</translation>
    </message>
    <message>
        <source>Select exactly two move groups to keep apart.</source>
        <translation>请正好选中两个要分开的迁移组。</translation>
    </message>
</context>
<context>
    <name>GuideViewer</name>
    <message>
        <source>User guide</source>
        <translation>使用指南</translation>
    </message>
</context>
<context>
    <name>HelpActions</name>
    <message>
        <source>&amp;User guide</source>
        <translation>使用指南(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;About hmfield</source>
        <translation>关于 hmfield(&amp;A)</translation>
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
        <source>%1 Overridden by a person: %2</source>
        <translation>%1 人工改判：%2</translation>
    </message>
    <message>
        <source>Rules engine: %1</source>
        <translation>规则引擎判定：%1</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>评估结论</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>范围</translation>
    </message>
    <message>
        <source>Lifecycle</source>
        <translation>生命周期</translation>
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
    <message>
        <source>Select a host to see and edit its disks, partitions and network interfaces.</source>
        <translation>选择一台主机，查看并编辑其磁盘、分区和网卡。</translation>
    </message>
</context>
<context>
    <name>HostTaskGrid</name>
    <message>
        <source>Filter hosts (name, IP, wave, status)…</source>
        <translation>筛选主机（名称、IP、批次、状态）…</translation>
    </message>
    <message>
        <source>Reason (needed for blocked, not applicable, skipped)</source>
        <translation>原因（受阻、不适用、跳过时必填）</translation>
    </message>
    <message>
        <source>Apply to selected hosts</source>
        <translation>应用到所选主机</translation>
    </message>
    <message>
        <source>%1 of %2 hosts shown · %3 done</source>
        <translation>显示 %1 / %2 台主机 · 已完成 %3 台</translation>
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
    <name>ImportFlow</name>
    <message>
        <source>Import a discovery or inventory file</source>
        <translation>导入调研文件或资产清单</translation>
    </message>
    <message>
        <source>Discovery and inventory files (*.xlsx *.xlsm *.xls *.csv *.json *.yaml *.txt);;All files (*)</source>
        <translation>调研文件和资产清单 (*.xlsx *.xlsm *.xls *.csv *.json *.yaml *.txt);;所有文件 (*)</translation>
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
        <source>Imported: %1 new, %2 updated, %3 left out. Verdicts are up to date.</source>
        <translation>已导入：新增 %1，更新 %2，未导入 %3。评估结论已更新。</translation>
    </message>
    <message>
        <source>Rows with problems left out: %1</source>
        <translation>因有问题未导入的行：%1</translation>
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
        <source>Apply import</source>
        <translation>执行导入</translation>
    </message>
    <message>
        <source>Discard preview</source>
        <translation>放弃预览</translation>
    </message>
    <message>
        <source>Problems and notes</source>
        <translation>问题与说明</translation>
    </message>
    <message>
        <source>Skipped rows</source>
        <translation>跳过的行</translation>
    </message>
    <message>
        <source>Detect automatically</source>
        <translation>自动识别</translation>
    </message>
    <message>
        <source>No problems found.</source>
        <translation>未发现问题。</translation>
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
        <source>Verdicts if imported: %1</source>
        <translation>导入后的评估结论：%1</translation>
    </message>
    <message>
        <source>(typed by hand, kept)</source>
        <translation>（手工填写，保留）</translation>
    </message>
    <message>
        <source>Skip rows with problems (import the rest; the rows left out are listed)</source>
        <translation>跳过有问题的行（导入其余行，并列出未导入的行）</translation>
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
        <source>Note: %1</source>
        <translation>说明：%1</translation>
    </message>
    <message>
        <source>Credential columns dropped (their values were not read): %1</source>
        <translation>已丢弃凭据列（其值未读取）：%1</translation>
    </message>
    <message>
        <source>New business systems: %1</source>
        <translation>将新建业务系统：%1</translation>
    </message>
    <message>
        <source>%n problem(s): nothing will be imported. Fix the file, or skip the rows with problems.</source>
        <translation>%n 个问题：不会导入任何内容。请修正文件，或跳过有问题的行。</translation>
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
        <source>No row was skipped.</source>
        <translation>没有跳过任何行。</translation>
    </message>
    <message>
        <source>Skipped rows (%1)</source>
        <translation>跳过的行（%1）</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Nothing is written until you press Apply.</source>
        <translation>点击“应用”之前不会写入任何内容。</translation>
    </message>
</context>
<context>
    <name>IncidentsTab</name>
    <message>
        <source>New incident</source>
        <translation>新增事件</translation>
    </message>
    <message>
        <source>Wave</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Host or system</source>
        <translation>主机或业务系统</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Symptom (what was seen)</source>
        <translation>现象（看到了什么）</translation>
    </message>
    <message>
        <source>Cause (if known)</source>
        <translation>原因（如已知）</translation>
    </message>
    <message>
        <source>Add incident</source>
        <translation>记录事件</translation>
    </message>
    <message>
        <source>Selected incident</source>
        <translation>所选事件</translation>
    </message>
    <message>
        <source>Resolution, or the reason to waive / roll back</source>
        <translation>处理结果，或豁免 / 回退的原因</translation>
    </message>
    <message>
        <source>Decided by</source>
        <translation>决策人</translation>
    </message>
    <message>
        <source>Close with resolution</source>
        <translation>填写处理并关闭</translation>
    </message>
    <message>
        <source>Waive for acceptance</source>
        <translation>豁免（不阻塞验收）</translation>
    </message>
    <message>
        <source>Trigger rollback plan</source>
        <translation>触发回退方案</translation>
    </message>
    <message>
        <source>Incident recorded</source>
        <translation>事件已记录</translation>
    </message>
    <message>
        <source>Select an incident first</source>
        <translation>请先选择一个事件</translation>
    </message>
    <message>
        <source>Incident closed</source>
        <translation>事件已关闭</translation>
    </message>
    <message>
        <source>Incident waived</source>
        <translation>事件已豁免</translation>
    </message>
    <message>
        <source>Rollback decision recorded: run stage eight of the runbook next</source>
        <translation>已记录回退决策：请接着执行割接手册的阶段八（回退）</translation>
    </message>
</context>
<context>
    <name>InventoryClipboard</name>
    <message numerus="yes">
        <source>%n cell(s) fall outside the table and are left out</source>
        <translation>
            <numerusform>%n 个单元格超出表格范围，已忽略</numerusform>
        </translation>
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
    <message numerus="yes">
        <source>Paste the %n valid cell(s) and skip these?</source>
        <translation>
            <numerusform>粘贴 %n 个有效单元格并跳过以上单元格？</numerusform>
        </translation>
    </message>
    <message>
        <source>Paste %1 cells</source>
        <translation>粘贴 %1 个单元格</translation>
    </message>
</context>
<context>
    <name>InventoryIO</name>
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
        <source>Set scope…</source>
        <translation>设置迁移范围…</translation>
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
        <source>Loading the inventory…</source>
        <translation>正在加载资产清单…</translation>
    </message>
    <message>
        <source>%1 of %2 shown</source>
        <translation>显示 %1 / 共 %2</translation>
    </message>
    <message>
        <source>Edit %1</source>
        <translation>编辑 %1</translation>
    </message>
    <message numerus="yes">
        <source>Bulk edit of %n host(s)</source>
        <translation>
            <numerusform>批量编辑 %n 台主机</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Scope of %n host(s)</source>
        <translation>
            <numerusform>%n 台主机的迁移范围</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %n host(s)</source>
        <translation>
            <numerusform>删除 %n 台主机</numerusform>
        </translation>
    </message>
    <message>
        <source>New host</source>
        <translation>新主机</translation>
    </message>
    <message>
        <source>Duplicate host</source>
        <translation>复制主机</translation>
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
    <name>Jobs</name>
    <message>
        <source>Something went wrong: %1. Nothing was saved by this task. The details could not be written to a log.</source>
        <translation>出了问题：%1。此任务没有保存任何内容。详细信息未能写入日志。</translation>
    </message>
    <message>
        <source>Something went wrong: %1. Nothing was saved by this task. The details are in %2.</source>
        <translation>出了问题：%1。此任务没有保存任何内容。详细信息见 %2。</translation>
    </message>
    <message>
        <source>Try again. If it happens again, send the log file to your hmfield support.</source>
        <translation>请重试。如果再次发生，请把日志文件发给 hmfield 技术支持。</translation>
    </message>
    <message>
        <source>Check the file and try again.</source>
        <translation>请检查文件后重试。</translation>
    </message>
</context>
<context>
    <name>Labels</name>
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
        <source>Assessment note</source>
        <translation>评估补充说明</translation>
    </message>
    <message>
        <source>Inventory import</source>
        <translation>清单导入记录</translation>
    </message>
    <message>
        <source>Evidence file</source>
        <translation>证据文件</translation>
    </message>
    <message>
        <source>Checklist item</source>
        <translation>检查项</translation>
    </message>
    <message>
        <source>Host checklist task</source>
        <translation>主机检查任务</translation>
    </message>
    <message>
        <source>Host time estimate</source>
        <translation>主机耗时估算</translation>
    </message>
    <message>
        <source>Network plan</source>
        <translation>网络规划</translation>
    </message>
    <message>
        <source>Plan settings</source>
        <translation>规划设置</translation>
    </message>
    <message>
        <source>Object wave</source>
        <translation>对象批次</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>风险</translation>
    </message>
    <message>
        <source>Drill plan</source>
        <translation>演练计划</translation>
    </message>
    <message>
        <source>Drill</source>
        <translation>演练</translation>
    </message>
    <message>
        <source>Drill host result</source>
        <translation>演练主机结果</translation>
    </message>
    <message>
        <source>Drill finding</source>
        <translation>演练问题</translation>
    </message>
    <message>
        <source>Rollback plan</source>
        <translation>回退方案</translation>
    </message>
    <message>
        <source>Runbook</source>
        <translation>割接手册</translation>
    </message>
    <message>
        <source>Runbook step</source>
        <translation>割接手册步骤</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>割接执行</translation>
    </message>
    <message>
        <source>Run step</source>
        <translation>割接执行步骤</translation>
    </message>
    <message>
        <source>Rollback</source>
        <translation>回退</translation>
    </message>
    <message>
        <source>Stability observation</source>
        <translation>稳定性观察</translation>
    </message>
    <message>
        <source>Bundle import</source>
        <translation>同步包导入</translation>
    </message>
    <message>
        <source>Merge conflict</source>
        <translation>合并冲突</translation>
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
    <message>
        <source>Observation plan</source>
        <translation>观察计划</translation>
    </message>
    <message>
        <source>Observation check</source>
        <translation>观察检查</translation>
    </message>
    <message>
        <source>Cloud bill</source>
        <translation>云账单</translation>
    </message>
    <message>
        <source>Incident</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Acceptance sign-off</source>
        <translation>验收签字</translation>
    </message>
    <message>
        <source>Project archive</source>
        <translation>项目归档</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>通知</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>支持性结论</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>已计划</translation>
    </message>
    <message>
        <source>Drilled</source>
        <translation>已演练</translation>
    </message>
    <message>
        <source>Cutting over</source>
        <translation>割接中</translation>
    </message>
    <message>
        <source>Rolled back</source>
        <translation>已回退</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Aborted</source>
        <translation>已中止</translation>
    </message>
    <message>
        <source>Rehearsal</source>
        <translation>演练</translation>
    </message>
    <message>
        <source>Live cutover</source>
        <translation>正式割接</translation>
    </message>
    <message>
        <source>Open (not closed)</source>
        <translation>未关闭</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>Waived</source>
        <translation>已豁免</translation>
    </message>
    <message>
        <source>Fixed</source>
        <translation>已修复</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <source>Passed</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>不通过</translation>
    </message>
    <message>
        <source>Not tested</source>
        <translation>未测试</translation>
    </message>
    <message>
        <source>Go</source>
        <translation>GO</translation>
    </message>
    <message>
        <source>No-go</source>
        <translation>NO-GO</translation>
    </message>
    <message>
        <source>Stop-business notice</source>
        <translation>停业务通知</translation>
    </message>
    <message>
        <source>Business-resumed notice</source>
        <translation>业务恢复通知</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>严重</translation>
    </message>
    <message>
        <source>Major</source>
        <translation>重要</translation>
    </message>
    <message>
        <source>Minor</source>
        <translation>一般</translation>
    </message>
</context>
<context>
    <name>LiveRunWidget</name>
    <message>
        <source>Time left in the window</source>
        <translation>窗口剩余时间</translation>
    </message>
    <message>
        <source>%1 h %2 min over</source>
        <translation>超出 %1 小时 %2 分</translation>
    </message>
    <message>
        <source>%1 h %2 min left</source>
        <translation>剩余 %1 小时 %2 分</translation>
    </message>
    <message>
        <source>Forecast end (%1)</source>
        <translation>预计结束（%1）</translation>
    </message>
    <message>
        <source>Can start now</source>
        <translation>现在可以开始</translation>
    </message>
    <message>
        <source>Start  [Space]</source>
        <translation>开始  [空格]</translation>
    </message>
    <message>
        <source>Done  [Enter]</source>
        <translation>完成  [回车]</translation>
    </message>
    <message>
        <source>Reason to skip the selected step</source>
        <translation>跳过所选步骤的原因</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>Go/no-go decided by:</source>
        <translation>决策人：</translation>
    </message>
    <message>
        <source>GO</source>
        <translation>通过（GO）</translation>
    </message>
    <message>
        <source>NO-GO</source>
        <translation>不通过（NO-GO）</translation>
    </message>
    <message>
        <source>Trigger rollback…</source>
        <translation>触发回退…</translation>
    </message>
    <message>
        <source>Which rollback trigger was met?</source>
        <translation>满足了哪一条回退触发条件？</translation>
    </message>
    <message>
        <source>Roll back now</source>
        <translation>立即回退</translation>
    </message>
    <message>
        <source>Past the point of no return: apply the data rule</source>
        <translation>已过不可回退点：按数据处理规则回退</translation>
    </message>
    <message>
        <source>— who decided? —</source>
        <translation>— 由谁决定？—</translation>
    </message>
    <message>
        <source>%1 at the earliest (%2 steps unknown)</source>
        <translation>最早 %1（%2 个步骤时长未知）</translation>
    </message>
    <message>
        <source>ON TRACK</source>
        <translation>按计划进行</translation>
    </message>
    <message>
        <source>AT RISK: the buffer is shrinking</source>
        <translation>有风险：缓冲时间正在减少</translation>
    </message>
    <message>
        <source>OVER THE WINDOW</source>
        <translation>超出割接窗口</translation>
    </message>
    <message>
        <source>ROLLING BACK: work through the rollback steps</source>
        <translation>回退中：请逐项执行回退步骤</translation>
    </message>
    <message>
        <source>COMPLETED</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>ROLLED BACK</source>
        <translation>已回退</translation>
    </message>
    <message>
        <source>ABORTED</source>
        <translation>已中止</translation>
    </message>
    <message>
        <source>Write the reason to skip first.</source>
        <translation>请先填写跳过原因。</translation>
    </message>
    <message>
        <source>Choose who took the go/no-go decision.</source>
        <translation>请选择做出决策的人。</translation>
    </message>
    <message>
        <source>Rollback triggers: %1</source>
        <translation>回退触发条件：%1</translation>
    </message>
    <message>
        <source>Decision maker: %1</source>
        <translation>回退决策人：%1</translation>
    </message>
    <message>
        <source>Point of no return: %1</source>
        <translation>不可回退点：%1</translation>
    </message>
    <message>
        <source>Stage eight checklist:</source>
        <translation>阶段八检查清单：</translation>
    </message>
    <message>
        <source>A rollback needs the trigger that was met and who decided.</source>
        <translation>回退需要填写满足的触发条件和决策人。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>Assess</source>
        <translation>调研</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>规划</translation>
    </message>
    <message>
        <source>Migrate</source>
        <translation>实施</translation>
    </message>
    <message>
        <source>Operate</source>
        <translation>运维</translation>
    </message>
    <message>
        <source>Inventory</source>
        <translation>主机清单</translation>
    </message>
    <message>
        <source>Move groups</source>
        <translation>迁移组</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报告</translation>
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
        <source>Opening the project…</source>
        <translation>正在打开项目…</translation>
    </message>
    <message>
        <source>Cannot open project</source>
        <translation>无法打开项目</translation>
    </message>
    <message>
        <source>Preparing the screens…</source>
        <translation>正在准备界面…</translation>
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
        <source>%1: live cutover running</source>
        <translation>%1：正式割接进行中</translation>
    </message>
    <message>
        <source>%1: rehearsal running</source>
        <translation>%1：演练进行中</translation>
    </message>
    <message>
        <source>A run is in progress</source>
        <translation>有运行正在进行</translation>
    </message>
    <message>
        <source>This project has a run in progress:
%1

Close the project anyway?</source>
        <translation>本项目有正在进行的运行：
%1

仍要关闭项目吗？</translation>
    </message>
    <message>
        <source>Open a bundle</source>
        <translation>打开同步包</translation>
    </message>
    <message>
        <source>hmfield bundles (*.hmbundle)</source>
        <translation>hmfield 同步包 (*.hmbundle)</translation>
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
        <source>[OFFICE] %1</source>
        <translation>【办公室】%1</translation>
    </message>
    <message>
        <source>Changes here are recorded as the demo's engineer %1; the file is %2</source>
        <translation>这里的修改记为演示工程师 %1 的操作；文件：%2</translation>
    </message>
    <message>
        <source>Demo: acting as %1</source>
        <translation>演示：以 %1 的身份操作</translation>
    </message>
    <message>
        <source>No project open</source>
        <translation>未打开项目</translation>
    </message>
    <message>
        <source>Dependencies</source>
        <translation>依赖关系</translation>
    </message>
    <message>
        <source>Runbooks</source>
        <translation>割接手册</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>Waves</source>
        <translation>迁移批次</translation>
    </message>
    <message>
        <source>&amp;Undo %1</source>
        <translation>撤销 %1(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo %1</source>
        <translation>重做 %1(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>查找(&amp;F)</translation>
    </message>
    <message>
        <source>Reading the checklist progress…</source>
        <translation>正在读取检查单进度…</translation>
    </message>
    <message>
        <source>%1: %2 of %3 checklist items done</source>
        <translation>%1：检查项已完成 %2 / %3</translation>
    </message>
    <message>
        <source>%1 blocked</source>
        <translation>%1 项受阻</translation>
    </message>
    <message>
        <source>%1 cutting over</source>
        <translation>%1 正在割接</translation>
    </message>
    <message>
        <source>%1: live run since %2, window ends %3</source>
        <translation>%1：正式割接自 %2 开始，窗口结束于 %3</translation>
    </message>
</context>
<context>
    <name>MoveGroups</name>
    <message>
        <source>Business system (editable)</source>
        <translation>业务系统（可编辑）</translation>
    </message>
    <message>
        <source>Found from</source>
        <translation>发现依据</translation>
    </message>
    <message>
        <source>Hosts</source>
        <translation>主机数</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>Move group</source>
        <translation>迁移组</translation>
    </message>
    <message>
        <source>Held together by</source>
        <translation>成组原因</translation>
    </message>
    <message>
        <source>Data in use (GiB)</source>
        <translation>已用数据 (GiB)</translation>
    </message>
    <message>
        <source>Hard links</source>
        <translation>强依赖</translation>
    </message>
    <message>
        <source>Pinned to wave</source>
        <translation>固定到批次</translation>
    </message>
    <message>
        <source>Kept apart from</source>
        <translation>需分开的组</translation>
    </message>
</context>
<context>
    <name>MoveGroupsScreen</name>
    <message>
        <source>Accept selected proposals</source>
        <translation>接受所选建议</translation>
    </message>
    <message>
        <source>Accept all proposals</source>
        <translation>接受全部建议</translation>
    </message>
    <message>
        <source>Hosts without a business system: proposals from hard dependencies and names. Edit a name, untick hosts to leave out, then accept: each accepted proposal becomes a business system that the wave proposal keeps in one wave.</source>
        <translation>没有业务系统的主机：根据强依赖和命名规律给出的分组建议。可修改名称、取消勾选要排除的主机，然后接受：每条被接受的建议成为一个业务系统，批次建议会把它放在同一批次。</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>%1 move groups (%2 with more than one host), %3 proposals. Shared services (their links glue nothing): %4</source>
        <translation>%1 个迁移组（其中 %2 个多于一台主机），%3 条建议。共享服务（其依赖不合并分组）：%4</translation>
    </message>
    <message>
        <source>Reading the move groups…</source>
        <translation>正在读取迁移组…</translation>
    </message>
</context>
<context>
    <name>NetworkPlanForm</name>
    <message>
        <source>Connection</source>
        <translation>连接方式</translation>
    </message>
    <message>
        <source>Bandwidth (Mbps)</source>
        <translation>带宽 (Mbps)</translation>
    </message>
    <message>
        <source>Usable for migration</source>
        <translation>可用于迁移的比例</translation>
    </message>
    <message>
        <source>IP addresses kept</source>
        <translation>保留 IP 地址</translation>
    </message>
    <message>
        <source>Daily change rate</source>
        <translation>日变化率</translation>
    </message>
    <message>
        <source>Hosts syncing at once</source>
        <translation>同时同步主机数</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Public internet</source>
        <translation>公网</translation>
    </message>
    <message>
        <source>VPN</source>
        <translation>VPN</translation>
    </message>
    <message>
        <source>Direct connect</source>
        <translation>专线</translation>
    </message>
    <message>
        <source>Sync Proxies needed (100 agentless hosts each): %1</source>
        <translation>所需 Sync Proxy（每个最多 100 台无代理主机）：%1</translation>
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
    <name>NoticePanel</name>
    <message>
        <source>Stop-business notice</source>
        <translation>停业务通知</translation>
    </message>
    <message>
        <source>Business-resumed notice</source>
        <translation>业务恢复通知</translation>
    </message>
    <message>
        <source>Save edits</source>
        <translation>保存修改</translation>
    </message>
    <message>
        <source>Generate again from the wave</source>
        <translation>按批次重新生成</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>审核通过</translation>
    </message>
    <message>
        <source>Copy text</source>
        <translation>复制文本</translation>
    </message>
    <message>
        <source>— approved by —</source>
        <translation>— 审核人 —</translation>
    </message>
    <message>
        <source>Approved by %1 at %2</source>
        <translation>已由 %1 于 %2 审核通过</translation>
    </message>
    <message>
        <source>Saved, not approved: do not publish yet</source>
        <translation>已保存，未审核：请勿发布</translation>
    </message>
    <message>
        <source>Generated draft, not saved or approved</source>
        <translation>自动生成的草稿，尚未保存或审核</translation>
    </message>
    <message>
        <source>Choose who approves the notice.</source>
        <translation>请选择通知的审核人。</translation>
    </message>
</context>
<context>
    <name>ObservationTab</name>
    <message>
        <source>Observation days</source>
        <translation>观察天数</translation>
    </message>
    <message>
        <source>Expected monthly cost</source>
        <translation>预期月费用</translation>
    </message>
    <message>
        <source>Save period</source>
        <translation>保存观察期</translation>
    </message>
    <message>
        <source>Bill (month, actual)</source>
        <translation>账单（月份、实际费用）</translation>
    </message>
    <message>
        <source>Save bill</source>
        <translation>保存账单</translation>
    </message>
    <message>
        <source>Times in %1</source>
        <translation>时间均为 %1</translation>
    </message>
    <message>
        <source>Checks of %1</source>
        <translation>%1 的检查记录</translation>
    </message>
    <message>
        <source>Observation period saved</source>
        <translation>观察期已保存</translation>
    </message>
    <message>
        <source>Bill saved: difference %1</source>
        <translation>账单已保存：差额 %1</translation>
    </message>
</context>
<context>
    <name>OfficeLink</name>
    <message>
        <source>Connect to &amp;office…</source>
        <translation>连接办公室数据库(&amp;O)…</translation>
    </message>
    <message>
        <source>Connect to office</source>
        <translation>连接办公室数据库</translation>
    </message>
    <message>
        <source>Office database (postgresql://USER@HOST:PORT/DATABASE):</source>
        <translation>办公室数据库（postgresql://用户@主机:端口/数据库）：</translation>
    </message>
    <message>
        <source>Reading the office portfolio…</source>
        <translation>正在读取办公室项目总览…</translation>
    </message>
    <message>
        <source>%1

Password for %2:</source>
        <translation>%1

%2 的密码：</translation>
    </message>
    <message>
        <source>Checking the waves' windows…</source>
        <translation>正在核算各批次的窗口…</translation>
    </message>
    <message>
        <source>Open office project</source>
        <translation>打开办公室项目</translation>
    </message>
</context>
<context>
    <name>OfficeScreen</name>
    <message>
        <source>OFFICE</source>
        <translation>办公室</translation>
    </message>
    <message>
        <source>Portfolio of %1 (read-only)</source>
        <translation>%1 的项目总览（只读）</translation>
    </message>
    <message>
        <source>Open project…</source>
        <translation>打开项目…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>working out…</source>
        <translation>计算中…</translation>
    </message>
</context>
<context>
    <name>Operate</name>
    <message>
        <source>Observation</source>
        <translation>稳定性观察</translation>
    </message>
    <message>
        <source>Incidents</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Acceptance and archive</source>
        <translation>验收与归档</translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation>检查清单</translation>
    </message>
    <message>
        <source>Reading the acceptance papers…</source>
        <translation>正在读取验收单…</translation>
    </message>
</context>
<context>
    <name>OperateModels</name>
    <message>
        <source>Wave</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Cutover ended</source>
        <translation>割接完成</translation>
    </message>
    <message>
        <source>Days</source>
        <translation>天数</translation>
    </message>
    <message>
        <source>Observation</source>
        <translation>观察状态</translation>
    </message>
    <message>
        <source>Checks</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>Open incidents</source>
        <translation>未关闭事件</translation>
    </message>
    <message>
        <source>Bill vs plan</source>
        <translation>账单与预期差额</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>验收</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>By</source>
        <translation>检查人</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Source baseline</source>
        <translation>源端基线</translation>
    </message>
    <message>
        <source>CPU %</source>
        <translation>CPU %</translation>
    </message>
    <message>
        <source>Mem %</source>
        <translation>内存 %</translation>
    </message>
    <message>
        <source>Disk %</source>
        <translation>磁盘 %</translation>
    </message>
    <message>
        <source>Business check</source>
        <translation>业务检查</translation>
    </message>
    <message>
        <source>Data integrity</source>
        <translation>数据完整性</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结论</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Host or system</source>
        <translation>主机或业务系统</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>End</source>
        <translation>结束</translation>
    </message>
    <message>
        <source>Symptom</source>
        <translation>现象</translation>
    </message>
    <message>
        <source>Cause</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>处理</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>范围</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Acceptance</source>
        <translation>验收</translation>
    </message>
    <message>
        <source>Still open</source>
        <translation>尚待解决</translation>
    </message>
    <message>
        <source>To review before signing</source>
        <translation>签字前请复核</translation>
    </message>
</context>
<context>
    <name>OperateStatus</name>
    <message>
        <source>Operate: %1 in observation, %2 awaiting acceptance, %3 of %4 waves accepted</source>
        <translation>运维：%1 个批次观察中，%2 个待验收，%3/%4 个批次已验收</translation>
    </message>
    <message>
        <source>%1 checks (%2 failed)</source>
        <translation>%1 次检查（%2 次不通过）</translation>
    </message>
    <message>
        <source>%1 open incidents</source>
        <translation>%1 个未关闭事件</translation>
    </message>
    <message>
        <source>migration accepted</source>
        <translation>迁移已完成验收</translation>
    </message>
    <message>
        <source>archived (read-only)</source>
        <translation>已归档（只读）</translation>
    </message>
    <message>
        <source>%1 in observation: %2 (ends %3)</source>
        <translation>%1 观察期中：%2（%3 结束）</translation>
    </message>
    <message>
        <source>%1 d %2 h %3 min left</source>
        <translation>剩余 %1 天 %2 小时 %3 分钟</translation>
    </message>
    <message>
        <source>%1 h %2 min left</source>
        <translation>剩余 %1 小时 %2 分钟</translation>
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
        <source>Project</source>
        <translation>项目信息</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>仪表盘</translation>
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
    <name>PhaseScreens</name>
    <message>
        <source>Checklist</source>
        <translation>检查表</translation>
    </message>
    <message>
        <source>Network plan</source>
        <translation>网络规划</translation>
    </message>
    <message>
        <source>Risks</source>
        <translation>风险</translation>
    </message>
    <message>
        <source>Timing</source>
        <translation>时间</translation>
    </message>
</context>
<context>
    <name>PhaseWidget</name>
    <message>
        <source>◀ Previous (PgUp)</source>
        <translation>◀ 上一项 (PgUp)</translation>
    </message>
    <message>
        <source>Next (PgDn) ▶</source>
        <translation>下一项 (PgDn) ▶</translation>
    </message>
    <message>
        <source>Keys in the list: 1 not started · 2 in progress · 3 done (and next) · 4 blocked · 5 not applicable · 6 skipped · Ctrl+Z undo</source>
        <translation>列表快捷键：1 未开始 · 2 进行中 · 3 已完成（并跳到下一项）· 4 受阻 · 5 不适用 · 6 跳过 · Ctrl+Z 撤销</translation>
    </message>
    <message numerus="yes">
        <source>%n blocked</source>
        <translation>
            <numerusform>%n 项受阻</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>%1: %2 hosts %3</source>
        <translation>%1：%2 台主机 %3</translation>
    </message>
</context>
<context>
    <name>PlanModels</name>
    <message>
        <source>From (consumer)</source>
        <translation>依赖方</translation>
    </message>
    <message>
        <source>To (provider)</source>
        <translation>被依赖方</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>协议</translation>
    </message>
    <message>
        <source>Criticality (1-5)</source>
        <translation>重要性 (1-5)</translation>
    </message>
    <message>
        <source>Strength</source>
        <translation>强度</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Call (upstream/downstream)</source>
        <translation>上下游调用</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>Middleware</source>
        <translation>中间件</translation>
    </message>
    <message>
        <source>Shared file</source>
        <translation>共享文件</translation>
    </message>
    <message>
        <source>Object storage</source>
        <translation>对象存储</translation>
    </message>
    <message>
        <source>Cluster member</source>
        <translation>集群成员</translation>
    </message>
    <message>
        <source>Primary/standby</source>
        <translation>主备</translation>
    </message>
    <message>
        <source>Shared disk</source>
        <translation>共享磁盘</translation>
    </message>
    <message>
        <source>Drill start</source>
        <translation>演练开始</translation>
    </message>
    <message>
        <source>Drill end</source>
        <translation>演练结束</translation>
    </message>
    <message>
        <source>Cutover start</source>
        <translation>割接开始</translation>
    </message>
    <message>
        <source>Cutover end</source>
        <translation>割接结束</translation>
    </message>
    <message>
        <source>Wave</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Hosts</source>
        <translation>主机数</translation>
    </message>
    <message>
        <source>Observation (days)</source>
        <translation>观察期（天）</translation>
    </message>
    <message>
        <source>Cutover feasibility</source>
        <translation>割接可行性</translation>
    </message>
    <message>
        <source>unknown (no size)</source>
        <translation>未知（清单中没有容量）</translation>
    </message>
    <message>
        <source>unknown (no bandwidth)</source>
        <translation>未知（缺少带宽）</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>Business system</source>
        <translation>业务系统</translation>
    </message>
    <message>
        <source>Data in use (GiB)</source>
        <translation>已用数据 (GiB)</translation>
    </message>
    <message>
        <source>Moved by</source>
        <translation>迁移方式</translation>
    </message>
    <message>
        <source>Final sync (min)</source>
        <translation>最终同步 (分钟)</translation>
    </message>
    <message>
        <source>Boot (min)</source>
        <translation>启动 (分钟)</translation>
    </message>
    <message>
        <source>Verify (min)</source>
        <translation>验证 (分钟)</translation>
    </message>
    <message>
        <source>Total (min)</source>
        <translation>合计 (分钟)</translation>
    </message>
    <message>
        <source>Objects</source>
        <translation>组件</translation>
    </message>
    <message>
        <source>Agentless</source>
        <translation>无代理</translation>
    </message>
    <message>
        <source>Business systems</source>
        <translation>业务系统</translation>
    </message>
    <message>
        <source>Technical</source>
        <translation>技术</translation>
    </message>
    <message>
        <source>Business</source>
        <translation>业务</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Resource</source>
        <translation>资源</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>安全</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>未关闭</translation>
    </message>
    <message>
        <source>Mitigating</source>
        <translation>处理中</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>风险</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Likelihood (1-5)</source>
        <translation>可能性 (1-5)</translation>
    </message>
    <message>
        <source>Impact (1-5)</source>
        <translation>影响 (1-5)</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>分值</translation>
    </message>
    <message>
        <source>Mitigation</source>
        <translation>应对措施</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>PlanTabs</name>
    <message>
        <source>Network plan</source>
        <translation>网络规划</translation>
    </message>
    <message>
        <source>Risks</source>
        <translation>风险</translation>
    </message>
    <message>
        <source>Timing</source>
        <translation>时间</translation>
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
    <message>
        <source>Source platform codes, comma separated, e.g. vmware, physical</source>
        <translation>源端平台代码，用逗号分隔，如 vmware, physical</translation>
    </message>
</context>
<context>
    <name>ProposalPanel</name>
    <message>
        <source>Hosts per wave</source>
        <translation>每批主机数</translation>
    </message>
    <message>
        <source>GiB per wave</source>
        <translation>每批数据量 (GiB)</translation>
    </message>
    <message>
        <source>Sync Proxies</source>
        <translation>Sync Proxy 数</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>Providers move first</source>
        <translation>被依赖方先迁移</translation>
    </message>
    <message>
        <source>Providers first or together</source>
        <translation>被依赖方先迁移或同批</translation>
    </message>
    <message>
        <source>Business systems may be split</source>
        <translation>允许拆分业务系统</translation>
    </message>
    <message>
        <source>Propose waves</source>
        <translation>生成批次建议</translation>
    </message>
    <message>
        <source>Apply proposal</source>
        <translation>采用建议</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>放弃</translation>
    </message>
    <message>
        <source>Every limit is respected.</source>
        <translation>所有限制均满足。</translation>
    </message>
</context>
<context>
    <name>Reports</name>
    <message>
        <source>Print for signing on paper (PDF, A4, Chinese fonts embedded) or hand over to the office (Excel).</source>
        <translation>打印纸质签字版（PDF，A4，内嵌中文字体），或交给办公室（Excel）。</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <source>Wave</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Phase or scenario</source>
        <translation>阶段或场景</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Write report…</source>
        <translation>生成报告…</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开所在文件夹</translation>
    </message>
    <message>
        <source>Written in this session</source>
        <translation>本次生成的报告</translation>
    </message>
    <message>
        <source>All phases</source>
        <translation>全部阶段</translation>
    </message>
    <message>
        <source>Save report as</source>
        <translation>报告另存为</translation>
    </message>
    <message>
        <source>Writing %1…</source>
        <translation>正在生成 %1…</translation>
    </message>
    <message>
        <source>Writing the report…</source>
        <translation>正在生成报告…</translation>
    </message>
    <message>
        <source>Written: %1</source>
        <translation>已生成：%1</translation>
    </message>
</context>
<context>
    <name>RiskRegister</name>
    <message>
        <source>New risk: what could go wrong</source>
        <translation>新风险：可能出现什么问题</translation>
    </message>
    <message>
        <source>Add risk</source>
        <translation>添加风险</translation>
    </message>
    <message>
        <source>Delete selected</source>
        <translation>删除所选</translation>
    </message>
</context>
<context>
    <name>RollbackForm</name>
    <message>
        <source>Trigger conditions</source>
        <translation>回退触发条件</translation>
    </message>
    <message>
        <source>Point of no return</source>
        <translation>不可回退时间点</translation>
    </message>
    <message>
        <source>Access path switched back</source>
        <translation>业务访问路径切回</translation>
    </message>
    <message>
        <source>Source recovery</source>
        <translation>源端恢复策略</translation>
    </message>
    <message>
        <source>Target resources</source>
        <translation>目标端资源处理</translation>
    </message>
    <message>
        <source>Data written on the target</source>
        <translation>数据差异处理规则</translation>
    </message>
    <message>
        <source>Decision process</source>
        <translation>决策流程</translation>
    </message>
    <message>
        <source>Decision makers</source>
        <translation>回退决策人</translation>
    </message>
    <message>
        <source>Maximum rollback (min)</source>
        <translation>最长回退时间 (分钟)</translation>
    </message>
    <message>
        <source>Rehearsed in the drill</source>
        <translation>演练中已验证</translation>
    </message>
</context>
<context>
    <name>RulesPage</name>
    <message>
        <source>Every fact of the vendor's support list: judged by a rule (can change a verdict), only asked as a question (never changes one), or covered by a checklist item (deployment and planning facts).</source>
        <translation>厂商支持事实中的每一条：由规则判定（可改变结论）、仅作为问题提问（不改变结论），或由检查单事项覆盖（部署与规划事项）。</translation>
    </message>
    <message>
        <source>%1 facts: %2 judged by a rule, %3 only asked, %4 covered by a checklist.</source>
        <translation>共 %1 条事实：规则判定 %2 条，仅提问 %3 条，检查单覆盖 %4 条。</translation>
    </message>
    <message>
        <source>Rule set %1.</source>
        <translation>规则集版本 %1。</translation>
    </message>
</context>
<context>
    <name>Runbooks</name>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Milestone</source>
        <translation>里程碑</translation>
    </message>
    <message>
        <source>Go/no-go gate</source>
        <translation>决策点</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等待</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>#</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Executor</source>
        <translation>执行方</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>After</source>
        <translation>前置步骤</translation>
    </message>
    <message>
        <source>Planned start</source>
        <translation>计划开始</translation>
    </message>
    <message>
        <source>+%1 min after entry</source>
        <translation>进入后 +%1 分钟</translation>
    </message>
    <message>
        <source>Minutes</source>
        <translation>分钟</translation>
    </message>
    <message>
        <source>Go/no-go criteria</source>
        <translation>GO/NO-GO 条件</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Pass</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>Fail</source>
        <translation>不通过</translation>
    </message>
    <message>
        <source>Not tested</source>
        <translation>未测试</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>Launched</source>
        <translation>已启动</translation>
    </message>
    <message>
        <source>Boot verified</source>
        <translation>引导验证</translation>
    </message>
    <message>
        <source>Business check</source>
        <translation>业务验证</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>证据</translation>
    </message>
    <message>
        <source>Cleaned up</source>
        <translation>已清理</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>未关闭</translation>
    </message>
    <message>
        <source>Fixed</source>
        <translation>已修复</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Must fix before cutover</source>
        <translation>割接前必须修复</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Changed by</source>
        <translation>最近修改人</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>计划</translation>
    </message>
    <message>
        <source>Actual</source>
        <translation>实际</translation>
    </message>
    <message>
        <source>Variance (min)</source>
        <translation>偏差（分钟）</translation>
    </message>
    <message>
        <source>NO-GO</source>
        <translation>不通过（NO-GO）</translation>
    </message>
</context>
<context>
    <name>RunbooksScreen</name>
    <message>
        <source>Wave</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Generate runbook</source>
        <translation>生成割接手册</translation>
    </message>
    <message>
        <source>Print runbook (PDF)…</source>
        <translation>打印割接手册（PDF）…</translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation>导出到 Excel…</translation>
    </message>
    <message>
        <source>Your own step: title, then Enter</source>
        <translation>自定义步骤：输入标题后按回车</translation>
    </message>
    <message>
        <source>Add step</source>
        <translation>添加步骤</translation>
    </message>
    <message>
        <source>Remove step</source>
        <translation>删除步骤</translation>
    </message>
    <message>
        <source>Start a drill of this wave</source>
        <translation>开始本批次演练</translation>
    </message>
    <message>
        <source>Selected hosts: launched</source>
        <translation>所选主机：已拉起</translation>
    </message>
    <message>
        <source>Selected hosts: boot verified</source>
        <translation>所选主机：启动已验证</translation>
    </message>
    <message>
        <source>Selected hosts: business check passed</source>
        <translation>所选主机：业务验证通过</translation>
    </message>
    <message>
        <source>Selected hosts: cleaned up</source>
        <translation>所选主机：已清理</translation>
    </message>
    <message>
        <source>New finding: title, then Enter</source>
        <translation>新问题：输入标题后按回车</translation>
    </message>
    <message>
        <source>Add finding</source>
        <translation>添加问题</translation>
    </message>
    <message>
        <source>Start rehearsal</source>
        <translation>开始割接预演</translation>
    </message>
    <message>
        <source>Start live run</source>
        <translation>开始正式割接</translation>
    </message>
    <message>
        <source>Take deviations into the runbook</source>
        <translation>将变更纳入割接手册</translation>
    </message>
    <message>
        <source>Runbook</source>
        <translation>割接手册</translation>
    </message>
    <message>
        <source>Drills</source>
        <translation>演练</translation>
    </message>
    <message>
        <source>Live run</source>
        <translation>正式割接</translation>
    </message>
    <message>
        <source>Notices</source>
        <translation>通知</translation>
    </message>
    <message>
        <source>Reading the runbook…</source>
        <translation>正在读取割接手册…</translation>
    </message>
    <message>
        <source>Planned length: %1</source>
        <translation>计划时长：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n must-fix drill finding(s) still open</source>
        <translation>
            <numerusform>仍有 %n 个演练发现的必须修复问题未关闭</numerusform>
        </translation>
    </message>
    <message>
        <source>Rehearsal</source>
        <translation>预演</translation>
    </message>
    <message>
        <source>running</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>rolled back</source>
        <translation>已回退</translation>
    </message>
    <message>
        <source>aborted</source>
        <translation>已中止</translation>
    </message>
    <message>
        <source>Select the hosts first (Ctrl+A selects all).</source>
        <translation>请先选择主机（Ctrl+A 全选）。</translation>
    </message>
    <message>
        <source>Save report</source>
        <translation>保存报告</translation>
    </message>
    <message>
        <source>Writing the report…</source>
        <translation>正在生成报告…</translation>
    </message>
</context>
<context>
    <name>ScopeDialog</name>
    <message>
        <source>Scope of %n host(s)</source>
        <translation>%n 台主机的迁移范围</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>New project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>Close project</source>
        <translation>关闭项目</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Undo the last change of the screen</source>
        <translation>撤销当前页面的上一次修改</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Search the table of the screen (Inventory, Assess…)</source>
        <translation>搜索当前页面的表格（清单、调研…）</translation>
    </message>
    <message>
        <source>Edit the selected cell</source>
        <translation>编辑选中的单元格</translation>
    </message>
    <message>
        <source>Clear or remove the selection, where the screen allows it</source>
        <translation>清除或删除选中内容（页面允许时）</translation>
    </message>
    <message>
        <source>Copy / paste cells</source>
        <translation>复制 / 粘贴单元格</translation>
    </message>
    <message>
        <source>Tick the selected checklist item</source>
        <translation>勾选选中的检查项</translation>
    </message>
    <message>
        <source>This user guide</source>
        <translation>本使用指南</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
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
    <message>
        <source>New to hmfield? Open the demo project: a bank's data centre moving to the cloud, with hosts, verdicts, waves, runbooks and checklists filled in. It is its own file, changed as the demo's engineer, never as you.</source>
        <translation>初次使用 hmfield？打开演示项目：一家银行的数据中心上云，主机、支持性结论、批次、Runbook 和检查表都已填好。演示是单独的文件，修改记为演示工程师的操作，不会记在您的名下。</translation>
    </message>
    <message>
        <source>Open the demo project</source>
        <translation>打开演示项目</translation>
    </message>
    <message>
        <source>Open a &amp;bundle…</source>
        <translation>打开同步包(&amp;B)…</translation>
    </message>
    <message>
        <source>A bundle (*.hmbundle) from a colleague or the office: merged or opened</source>
        <translation>同事或办公室发来的同步包（*.hmbundle）：合并到项目或作为项目打开</translation>
    </message>
    <message>
        <source>The demo is kept at %1</source>
        <translation>演示项目保存在 %1</translation>
    </message>
</context>
<context>
    <name>SyncScreen</name>
    <message>
        <source>deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <source>kept</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>记录类型</translation>
    </message>
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
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <source>Matched to ours</source>
        <translation>与本方匹配</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Mine</source>
        <translation>我方</translation>
    </message>
    <message>
        <source>Changed by (mine)</source>
        <translation>修改人（我方）</translation>
    </message>
    <message>
        <source>Theirs</source>
        <translation>对方</translation>
    </message>
    <message>
        <source>Changed by (theirs)</source>
        <translation>修改人（对方）</translation>
    </message>
    <message>
        <source>Now in effect</source>
        <translation>当前生效</translation>
    </message>
    <message>
        <source>mine</source>
        <translation>我方</translation>
    </message>
    <message>
        <source>theirs</source>
        <translation>对方</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>resolved by %1</source>
        <translation>已由 %1 解决</translation>
    </message>
    <message>
        <source>open</source>
        <translation>未解决</translation>
    </message>
    <message>
        <source>Export a bundle</source>
        <translation>导出同步包</translation>
    </message>
    <message>
        <source>Save to (USB drives first):</source>
        <translation>保存到（U 盘优先）：</translation>
    </message>
    <message>
        <source>Choose folder…</source>
        <translation>选择文件夹…</translation>
    </message>
    <message>
        <source>Encrypt with a passphrase</source>
        <translation>使用口令加密</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>口令</translation>
    </message>
    <message>
        <source>Passphrase again</source>
        <translation>再次输入口令</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Import a bundle (or drop it here)</source>
        <translation>导入同步包（或拖放到此处）</translation>
    </message>
    <message>
        <source>Choose bundle…</source>
        <translation>选择同步包…</translation>
    </message>
    <message>
        <source>Passphrase (encrypted bundles)</source>
        <translation>口令（加密的同步包）</translation>
    </message>
    <message>
        <source>Apply merge</source>
        <translation>应用合并</translation>
    </message>
    <message>
        <source>Show resolved</source>
        <translation>显示已解决</translation>
    </message>
    <message>
        <source>Keep mine</source>
        <translation>保留我方</translation>
    </message>
    <message>
        <source>Keep theirs</source>
        <translation>保留对方</translation>
    </message>
    <message>
        <source>Or type a new value</source>
        <translation>或输入新值</translation>
    </message>
    <message>
        <source>Use this value</source>
        <translation>使用此值</translation>
    </message>
    <message>
        <source>Removable drive</source>
        <translation>移动存储设备</translation>
    </message>
    <message>
        <source>Export the bundle to</source>
        <translation>将同步包导出到</translation>
    </message>
    <message>
        <source>Type a passphrase, or untick encryption.</source>
        <translation>请输入口令，或取消加密。</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>两次输入的口令不一致。</translation>
    </message>
    <message>
        <source>Writing and verifying %1…</source>
        <translation>正在写入并校验 %1…</translation>
    </message>
    <message>
        <source>Exporting the bundle…</source>
        <translation>正在导出同步包…</translation>
    </message>
    <message>
        <source>Done: %1 written and verified.</source>
        <translation>完成：%1 已写入并校验。</translation>
    </message>
    <message>
        <source>Import a bundle</source>
        <translation>导入同步包</translation>
    </message>
    <message>
        <source>hmfield bundles (*.hmbundle)</source>
        <translation>hmfield 同步包 (*.hmbundle)</translation>
    </message>
    <message>
        <source>Checking %1…</source>
        <translation>正在检查 %1…</translation>
    </message>
    <message>
        <source>Checking the bundle…</source>
        <translation>正在检查同步包…</translation>
    </message>
    <message>
        <source>This bundle holds another project (%1). Open it as a new project?</source>
        <translation>该同步包属于另一个项目（%1）。是否作为新项目打开？</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Merge %1 into this project anyway? Records that mean the same thing (checklist items, hosts with the same UUID or name and IP) are matched to ours, not doubled; the preview shows what is matched and what is added.</source>
        <translation>仍要把 %1 合并到本项目吗？含义相同的记录（检查项、UUID 或名称与 IP 相同的主机）会与本方记录匹配，不会重复；预览会显示哪些被匹配、哪些被新增。</translation>
    </message>
    <message>
        <source>%1, exported %2 by %3: %4 new changes, %5 conflicts.</source>
        <translation>%1，由 %3 于 %2 导出：%4 项新变更，%5 个冲突。</translation>
    </message>
    <message>
        <source>Another project: %1 records matched to ours (ours hold), %2 added.</source>
        <translation>另一项目：%1 条记录与本方匹配（保留本方），新增 %2 条。</translation>
    </message>
    <message>
        <source>Nothing new: this project already holds it all.</source>
        <translation>没有新内容：本项目已包含全部数据。</translation>
    </message>
    <message>
        <source>Not signed: nothing proves who made it.</source>
        <translation>未签名：无法证明由谁制作。</translation>
    </message>
    <message>
        <source>Signed by %1 (key %2).</source>
        <translation>签名人 %1（密钥 %2）。</translation>
    </message>
    <message>
        <source>Merging the bundle…</source>
        <translation>正在合并同步包…</translation>
    </message>
    <message>
        <source>Merged: %1 records changed, %2 conflicts to review.</source>
        <translation>已合并：%1 条记录有变更，%2 个冲突待处理。</translation>
    </message>
    <message>
        <source>Opening the bundle as a new project…</source>
        <translation>正在将同步包作为新项目打开…</translation>
    </message>
    <message>
        <source>Select a conflict first.</source>
        <translation>请先选择一个冲突。</translation>
    </message>
</context>
<context>
    <name>TimingSettingsForm</name>
    <message>
        <source>Full syncs start</source>
        <translation>全量同步开始</translation>
    </message>
    <message>
        <source>Incremental interval before cutover</source>
        <translation>割接前的增量同步间隔</translation>
    </message>
    <message>
        <source>Regular incremental interval</source>
        <translation>常规增量同步间隔</translation>
    </message>
    <message>
        <source>Observation after cutover (days)</source>
        <translation>割接后观察期（天）</translation>
    </message>
    <message>
        <source>Target storage mode</source>
        <translation>目标端存储模式</translation>
    </message>
    <message>
        <source>set</source>
        <translation>已设置</translation>
    </message>
    <message>
        <source>Block storage (cloud sync gateways)</source>
        <translation>块存储（云同步网关）</translation>
    </message>
    <message>
        <source>Object storage (no gateways)</source>
        <translation>对象存储（无需网关）</translation>
    </message>
    <message>
        <source>The final delta carries %1 h of change (HyperMotion's minimum RPO is %2 min).</source>
        <translation>最终增量包含 %1 小时的数据变化（HyperMotion 最小 RPO 为 %2 分钟）。</translation>
    </message>
    <message>
        <source>Over %1 h: raise the sync frequency before cutover.</source>
        <translation>超过 %1 小时：割接前请提高同步频率。</translation>
    </message>
    <message>
        <source>No sync start: the calendar starts at the project's planned start.</source>
        <translation>未设置同步开始时间：传输日历从项目计划开始日期起算。</translation>
    </message>
    <message>
        <source>The transfer calendar starts %1.</source>
        <translation>传输日历从 %1 开始。</translation>
    </message>
</context>
<context>
    <name>VerdictPage</name>
    <message>
        <source>Re-assess all hosts</source>
        <translation>重新评估全部主机</translation>
    </message>
    <message>
        <source>Override selected…</source>
        <translation>修正所选主机…</translation>
    </message>
    <message>
        <source>One verdict, mode and reason for every selected host (Ctrl+A: all shown)</source>
        <translation>为每台所选主机设置同一结论、迁移方式和原因（Ctrl+A：选中全部显示的主机）</translation>
    </message>
    <message>
        <source>Clear overrides of selected</source>
        <translation>清除所选主机的人工修正</translation>
    </message>
    <message>
        <source>Filter hosts…</source>
        <translation>筛选主机…</translation>
    </message>
    <message>
        <source>All verdicts</source>
        <translation>全部结论</translation>
    </message>
    <message numerus="yes">
        <source>Verdicts (%Ln host(s))</source>
        <translation>
            <numerusform>评估结论（%Ln 台主机）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n verdict(s) overridden by a person.</source>
        <translation>
            <numerusform>%n 个结论经人工调整。</numerusform>
        </translation>
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
        <source>%1 of %2 shown</source>
        <translation>显示 %1 / %2</translation>
    </message>
    <message>
        <source>Assessing every host…</source>
        <translation>正在评估全部主机…</translation>
    </message>
    <message>
        <source>Select the hosts first (Ctrl+A selects all shown).</source>
        <translation>请先选择主机（Ctrl+A 选中全部显示的主机）。</translation>
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
    <name>WaveGantt</name>
    <message>
        <source>Full sync</source>
        <translation>全量同步</translation>
    </message>
    <message>
        <source>Drill</source>
        <translation>演练</translation>
    </message>
    <message>
        <source>Cutover</source>
        <translation>割接</translation>
    </message>
    <message>
        <source>Observation</source>
        <translation>观察期</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>已验收</translation>
    </message>
    <message>
        <source>observation ended</source>
        <translation>观察期已结束</translation>
    </message>
    <message>
        <source>Length: %1</source>
        <translation>时长：%1</translation>
    </message>
    <message>
        <source>%1 hosts, %2 GiB</source>
        <translation>%1 台主机，%2 GiB</translation>
    </message>
    <message>
        <source>Late: ends after the window starts</source>
        <translation>晚了：窗口开始后才结束</translation>
    </message>
    <message>
        <source>Runbook plans %1</source>
        <translation>割接手册计划 %1</translation>
    </message>
    <message>
        <source>No schedule yet: set a network plan, a sync start and wave windows</source>
        <translation>尚无日程：请设置网络规划、同步开始时间和批次窗口</translation>
    </message>
    <message>
        <source>late</source>
        <translation>晚</translation>
    </message>
    <message>
        <source>now</source>
        <translation>现在</translation>
    </message>
    <message>
        <source>Times in %1</source>
        <translation>时间为 %1 当地时间</translation>
    </message>
</context>
<context>
    <name>WavesScreen</name>
    <message>
        <source>Add wave</source>
        <translation>添加批次</translation>
    </message>
    <message>
        <source>Delete wave</source>
        <translation>删除批次</translation>
    </message>
    <message>
        <source>Show hosts without a wave</source>
        <translation>显示未分配批次的主机</translation>
    </message>
    <message>
        <source>Move selected hosts to</source>
        <translation>将所选主机移到</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>移动</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>日程</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Rollback plan</source>
        <translation>回退方案</translation>
    </message>
    <message>
        <source>Drill plans</source>
        <translation>演练计划</translation>
    </message>
    <message>
        <source>Loading the waves…</source>
        <translation>正在加载批次…</translation>
    </message>
    <message>
        <source>No wave</source>
        <translation>不分配批次</translation>
    </message>
    <message>
        <source>Transfer calendar from %1; last observation ends %2; times in %3</source>
        <translation>传输日历自 %1 起；最后观察期结束于 %2；时间为 %3 当地时间</translation>
    </message>
    <message>
        <source>full syncs %1</source>
        <translation>全量同步合计 %1</translation>
    </message>
    <message>
        <source>Move the cutover window of %1</source>
        <translation>移动 %1 的割接窗口</translation>
    </message>
    <message>
        <source>* computed from the network plan; type a value to set it</source>
        <translation>* 由网络规划计算得出；输入数值可手工指定</translation>
    </message>
    <message>
        <source>No warnings</source>
        <translation>没有警告</translation>
    </message>
    <message>
        <source>Delete this wave? Its hosts will have no wave.</source>
        <translation>删除此批次？其中的主机将不再属于任何批次。</translation>
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