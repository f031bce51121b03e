"""The script ``rolegraph app`` gives ``streamlit run`` (the top-level ``app.py`` is the same two lines)."""

from rolegraph.explorer.page import main

main()
