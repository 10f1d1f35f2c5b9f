module example.com/hotline/memory

go 1.21
