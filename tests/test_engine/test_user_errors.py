from mogaseg.engine import one_paragraph


def test_one_paragraph_drops_worker_tracebacks():
    class WorkerError(RuntimeError):
        """An error type defined outside mogaseg."""

    wrapped = WorkerError(
        'Caught WorkerError in DataLoader worker process 0.\n'
        'Original Traceback (most recent call last):\n'
        '  File "x.py", line 1, in <module>\n'
        'some.module.WorkerError: cannot read the image a.jpg')
    assert one_paragraph(wrapped) == 'cannot read the image a.jpg'
    assert one_paragraph(WorkerError('plain message')) == 'plain message'
