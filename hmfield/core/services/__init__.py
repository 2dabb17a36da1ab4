"""Use cases. Each public method is one transaction that validates, writes, records the audit
event and returns plain data (detached records or dataclasses), never a live session."""
