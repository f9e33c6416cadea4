# A trivial Otter-Grader master notebook: one question, one test, comparable to the trivial medgrade submission.
import sys
import nbformat as nbf
nb = nbf.v4.new_notebook()
nb.metadata['kernelspec'] = {'name': 'python3', 'display_name': 'Python 3', 'language': 'python'}
c = []
c.append(nbf.v4.new_raw_cell("# ASSIGNMENT CONFIG\ninit_cell: false\ncheck_all_cell: false\nexport_cell: false\nrun_tests: false\n"))
c.append(nbf.v4.new_raw_cell("# BEGIN QUESTION\nname: q1\npoints: 1"))
c.append(nbf.v4.new_markdown_cell("Compute the mean of a list."))
c.append(nbf.v4.new_raw_cell("# BEGIN SOLUTION"))
c.append(nbf.v4.new_code_cell("values = [1, 2, 3, 4]\nmean = sum(values) / len(values)"))
c.append(nbf.v4.new_raw_cell("# END SOLUTION"))
c.append(nbf.v4.new_raw_cell("# BEGIN TESTS"))
c.append(nbf.v4.new_code_cell("assert mean == 2.5"))
c.append(nbf.v4.new_raw_cell("# END TESTS"))
c.append(nbf.v4.new_raw_cell("# END QUESTION"))
nb.cells = c
nbf.write(nb, sys.argv[1])
