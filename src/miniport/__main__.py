from miniport.cli.main import main

main()
