"""The operate phase (运维): observation periods after the cutover, checks and the cloud bill,
incidents (and the rollback they may trigger inside the window), acceptance sign-offs per
business system, wave and project, and the archive that makes the project read-only.

``periods`` (ObservationService), ``figures`` (pure: flags and outcome of a check), ``checks``
(CheckService, bills), ``incidents`` (IncidentService), ``signoff`` (SignoffService),
``archive`` (ArchiveService), ``paper`` (one read of a wave or the project for the screen, the
CLI and the reports), ``texts`` (zh/en words and the flag rules from resources/operate/).
"""
