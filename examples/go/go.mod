module hotline.dev/examples/csvreport

go 1.21
