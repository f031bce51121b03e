"""rolegraph explorer: ``streamlit run app.py`` (or ``rolegraph app``, or ``make run``). The page is rolegraph.explorer.page."""

from rolegraph.explorer.page import main

if __name__ == "__main__":  # Streamlit runs its script as __main__
    main()
