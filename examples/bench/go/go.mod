module example.com/hotline/benchdemo

go 1.22
