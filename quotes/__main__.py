from quotes.cli.app import main

main()
