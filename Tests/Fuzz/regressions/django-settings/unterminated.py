LOGGING = {"version": 1, "handlers": {"f": """never closed
