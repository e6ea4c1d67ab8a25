"""casebook: personal-information incidents as YAML files, checked and turned into documents."""

__version__ = "0.2.0"
