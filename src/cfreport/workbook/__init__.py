"""The agency workbook: its layout and history, the template writer, the safety pass, the reader."""
