from cfreport.launch import main

main()
