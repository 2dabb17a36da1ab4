<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
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