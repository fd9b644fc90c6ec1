from trygghet_cli.cli import main

main()
