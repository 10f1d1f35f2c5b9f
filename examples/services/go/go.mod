module hotline.dev/examples/services/go

go 1.21
