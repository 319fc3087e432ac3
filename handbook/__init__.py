"""Exercise handbook generator: content files in, website and print packets out.

Pipeline, one module per stage:
    load      -> read files, parse YAML front matter with line numbers  (handbook.load)
    validate  -> check every field against the model, build model objects (handbook.validate)
    model     -> the editor contract and the typed content                 (handbook.model)
    render    -> website pages (handbook.render.site) and print PDFs (handbook.render.printing),
                 sharing each exercise's figure (.illustrate) and card (.card)
    write     -> atomic swap of the output folder                          (handbook.output)

Around them: handbook.checking (load, validate and the review rules: what `check` runs, and its
report), the commands in handbook.commands (build: check, print, website, write; serve, scaffold,
handout, readability, and reference: the field reference in CONTRIBUTING.md, written from the
model), and handbook.cli, which parses the command line.
"""

__version__ = "0.1.0"
