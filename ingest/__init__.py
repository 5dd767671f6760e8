"""Getting files into the repository: detect -> extract -> OCR if needed -> metadata -> store."""
