"""Stage 4, render: the website (site: Markdown pages and a config for MkDocs) and print (printing:
packets, sections and pages as PDFs, with WeasyPrint), sharing each exercise's figure (illustrate)
and its card (card)."""
