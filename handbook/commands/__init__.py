"""The commands build.py runs (handbook.cli parses them): build (check, print, website, write),
serve (live preview), scaffold (`new`), handout (a custom handout from a plan), reference
(CONTRIBUTING.md's field reference) and readability (`check --readability`)."""
