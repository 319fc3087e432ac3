"""Exercise handbook generator: content files in, website and print packets out.

Pipeline, one module per stage:
    load      -> read files, parse YAML front matter with line numbers  (handbook.load)
    validate  -> check every field against the model, build model objects (handbook.validate)
    model     -> the editor contract and the typed content                 (handbook.model)
    render    -> website pages (handbook.site) and print PDFs (handbook.printing)
    write     -> atomic swap of the output folder                          (handbook.output)
"""

__version__ = "0.1.0"
