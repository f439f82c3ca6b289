from cfreport.cli import main

main()
