"""Importers of standard taxonomies (ESCO, O*NET) into RDF."""
