"""The script ``rolegraph app`` gives ``streamlit run`` (the top-level ``app.py`` is the same lines)."""

from rolegraph.explorer.page import main

if __name__ == "__main__":  # Streamlit runs its script as __main__; importing this module draws nothing
    main()
