from tui_reader.startup import run

if __name__ == "__main__":
    run()
