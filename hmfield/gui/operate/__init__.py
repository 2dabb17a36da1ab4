"""The Operate screen (运维): observation status per wave, the keyboard-first check form,
the incidents, acceptance and the archive, plus the phase's checklist."""
