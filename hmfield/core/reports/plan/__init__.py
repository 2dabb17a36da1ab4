"""The migration plan documents: content gathered once, the PDF, the workbook, sections."""
