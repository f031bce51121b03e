"""rolegraph explorer: ``streamlit run app.py`` (or ``rolegraph app``, or ``make run``). The page is rolegraph.explorer.page."""

from rolegraph.explorer.page import main

main()
