from caspian.cli.main import main

main()
