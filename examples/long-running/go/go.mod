module example.com/longrunning

go 1.22
